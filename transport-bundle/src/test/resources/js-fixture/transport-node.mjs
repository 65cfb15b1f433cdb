// A js-libp2p node (TCP, Noise, Yamux, identify, ping) for the transport-bundle interop tests.
// Usage: node transport-node.mjs <seed 0-255>
// Listens on 127.0.0.1 only, has no bootstrap list, and prints:
//   SELF <peer id> <multiaddrs>                      once started
//   IDENTIFIED <peer id> <agent> <protocols,> <addrs,> for each identify answer it received
// It serves /olocus/test/echo/1.0.0: every byte is echoed, and it closes when the dialer closed.
// Commands on stdin, one per line, each answered by one line:
//   DIAL <multiaddr>  -> DIALED <peer id> | DIAL-FAILED <message>
//   PING <multiaddr>  -> PINGED <ms>      | PING-FAILED <message>
// It exits on SIGTERM/SIGINT, when stdin closes, or by itself after 10 minutes.
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { pEvent } from 'p-event'

const seed = new Uint8Array(32).fill(Number(process.argv[2] ?? 1))
const privateKey = await generateKeyPairFromSeed('Ed25519', seed)
const node = await createLibp2p({
  privateKey,
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { inboundConnectionThreshold: 100 },
  services: { identify: identify(), ping: ping() }
})
await node.handle('/olocus/test/echo/1.0.0', async (stream) => {
  for await (const buf of stream) {
    if (!stream.send(buf)) {
      await pEvent(stream, 'drain', { rejectionEvents: ['close'] })
    }
  }
  await stream.close()
}, { maxInboundStreams: 128 })
node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  console.log(`IDENTIFIED ${d.peerId.toString()} ${d.agentVersion ?? '-'} ${d.protocols.join(',')} ${d.listenAddrs.map(String).join(',')}`)
})
await node.start()
console.log(`SELF ${node.peerId.toString()} ${node.getMultiaddrs().map(String).join(',')}`)

const stop = async () => { await node.stop(); process.exit(0) }
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
setTimeout(stop, 10 * 60 * 1000)

const oneLine = (e) => String(e?.message ?? e).replace(/\s+/g, ' ')
const lines = createInterface({ input: process.stdin })
lines.on('line', async (line) => {
  const [command, arg] = line.trim().split(/\s+/)
  try {
    if (command === 'DIAL') {
      const connection = await node.dial(multiaddr(arg), { signal: AbortSignal.timeout(10000) })
      console.log(`DIALED ${connection.remotePeer.toString()}`)
    } else if (command === 'PING') {
      const ms = await node.services.ping.ping(multiaddr(arg), { signal: AbortSignal.timeout(10000) })
      console.log(`PINGED ${ms}`)
    }
  } catch (e) {
    console.log(`${command}-FAILED ${oneLine(e)}`)
  }
})
lines.on('close', stop)
