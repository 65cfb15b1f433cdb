// A js-libp2p node with @libp2p/mdns for the mdns-bundle namespace tests.
// Usage: node mdns-node.mjs <seed 0-255> <listen multiaddr>
// Prints "SELF <peer id>" once, then "DISCOVERED <peer id> <multiaddrs>" per peer:discovery event.
// No bootstrap list: it only ever talks to the namespace it runs in. It exits by itself after 10 minutes.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { mdns } from '@libp2p/mdns'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'

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
await node.start()
console.log(`SELF ${node.peerId.toString()} ${node.getMultiaddrs().map(String).join(',')}`)
const stop = async () => { await node.stop(); process.exit(0) }
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
setTimeout(stop, 10 * 60 * 1000)
