// A js-libp2p node with @libp2p/mdns for the mdns-bundle namespace tests and itests' JsLibp2pNodeIT.
// Usage: node mdns-node.mjs <seed 0-255> <listen multiaddr>
// Prints "SELF <peer id>" once, then "DISCOVERED <peer id> <multiaddrs>" per peer:discovery event, and
// "CONNECTED <peer id>" / "DISCONNECTED <peer id>" per peer:connect / peer:disconnect event.
// Stdin command "connections" prints "CONNECTIONS <peer id>@<remote addr>/<direction>,..." (the open connections).
// No bootstrap list: it only ever talks to the namespace it runs in. It exits by itself after 10 minutes.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { mdns } from '@libp2p/mdns'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import readline from 'node:readline'

const seed = new Uint8Array(32).fill(Number(process.argv[2] ?? 1))
const listen = process.argv[3] ?? '/ip4/127.0.0.1/tcp/0'
const privateKey = await generateKeyPairFromSeed('Ed25519', seed)
const node = await createLibp2p({
  privateKey,
  addresses: { listen: [listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  peerDiscovery: [mdns({ interval: 1000 })]
})
node.addEventListener('peer:discovery', (evt) => {
  console.log(`DISCOVERED ${evt.detail.id.toString()} ${evt.detail.multiaddrs.map(String).join(',')}`)
})
node.addEventListener('peer:connect', (evt) => {
  console.log(`CONNECTED ${evt.detail.toString()}`)
})
node.addEventListener('peer:disconnect', (evt) => {
  console.log(`DISCONNECTED ${evt.detail.toString()}`)
})
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'connections') {
    const open = node.getConnections().map((c) => `${c.remotePeer}@${c.remoteAddr}/${c.direction}`)
    console.log(`CONNECTIONS ${open.join(',')}`)
  }
})
await node.start()
console.log(`SELF ${node.peerId.toString()} ${node.getMultiaddrs().map(String).join(',')}`)
const stop = async () => { await node.stop(); process.exit(0) }
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
setTimeout(stop, 10 * 60 * 1000)
