// A js-libp2p node (TCP, Noise, Yamux, identify and identify push, ping) for the transport-bundle interop tests.
// Usage: node transport-node.mjs <seed 0-255>
// Listens on 127.0.0.1 only, has no bootstrap list, and prints:
//   SELF <peer id> <multiaddrs>                      once started
//   IDENTIFIED <peer id> <agent> <protocols,> <addrs,> for each identify answer or push it received
//   UNHANDLED <message>                              for a rejected promise nobody awaited
// It serves /olocus/test/echo/1.0.0: every byte is echoed, and it closes when the dialer closed.
// Commands on stdin, one per line, each answered by one line:
//   DIAL <multiaddr>  -> DIALED <peer id> | DIAL-FAILED <message>
//   PING <multiaddr>  -> PINGED <ms>      | PING-FAILED <message>
//   ECHO <multiaddr> <streams> <bytes>    -> ECHOED <streams> <bytes> <ms> | ECHO-FAILED <message>
//   HANDLE <protocol> -> HANDLED <protocol> (serves it as an echo; identify push then tells connected peers)
//     opens <streams> echo streams at once over one connection, sends <bytes> of the pattern below on each
//     (with backpressure), and checks every echoed byte.
// It exits on SIGTERM/SIGINT, when stdin closes, or by itself after 10 minutes.
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { pEvent } from 'p-event'

const ECHO = '/olocus/test/echo/1.0.0'
const STREAM_LIMIT = 128

const seed = new Uint8Array(32).fill(Number(process.argv[2] ?? 1))
const privateKey = await generateKeyPairFromSeed('Ed25519', seed)
const node = await createLibp2p({
  privateKey,
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { inboundConnectionThreshold: 100 },
  services: { identify: identify(), identifyPush: identifyPush(), ping: ping() }
})
const echo = async (stream) => {
  for await (const buf of stream) {
    if (!stream.send(buf)) {
      await pEvent(stream, 'drain', { rejectionEvents: ['close'] })
    }
  }
  await stream.close()
}
await node.handle(ECHO, echo, { maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT })
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

// Byte <position> of echo stream <stream>: the same function as JsLibp2pPatternEcho.patternByte (Java), so a
// lost, repeated or misplaced chunk is caught wherever it lands.
const patternByte = (stream, position) => {
  let x = (stream << 20) ^ position
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b)
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b)
  return (x ^ (x >>> 16)) & 0xff
}
const CHUNK = 64 * 1024

const echoOne = async (connection, index, size, signal) => {
  const stream = await connection.newStream(ECHO, { signal, maxOutboundStreams: STREAM_LIMIT })
  const checking = async () => {
    let received = 0
    for await (const buf of stream) {
      const bytes = buf.subarray()
      for (let j = 0; j < bytes.length; j++, received++) {
        if (received >= size || bytes[j] !== patternByte(index, received)) {
          throw new Error(`stream ${index}: byte ${received} of the echo is wrong`)
        }
      }
    }
    if (received !== size) throw new Error(`stream ${index}: echo ended after ${received} of ${size} bytes`)
  }
  const sending = async () => {
    for (let offset = 0; offset < size; offset += CHUNK) {
      const chunk = new Uint8Array(Math.min(CHUNK, size - offset))
      for (let j = 0; j < chunk.length; j++) chunk[j] = patternByte(index, offset + j)
      if (!stream.send(chunk)) await stream.onDrain({ signal })
    }
    await stream.close({ signal })
  }
  try {
    await Promise.all([checking(), sending()])
  } catch (e) {
    stream.abort(e)
    throw e
  }
}

const echoMany = async (address, count, size) => {
  const signal = AbortSignal.timeout(120000)
  const started = Date.now()
  const connection = await node.dial(multiaddr(address), { signal })
  await Promise.all(Array.from({ length: count }, (_, i) => echoOne(connection, i, size, signal)))
  return Date.now() - started
}

const oneLine = (e) => String(e?.message ?? e).replace(/\s+/g, ' ')
// A rejection nobody awaited (e.g. inside libp2p) is printed as an UNHANDLED line instead of killing the node, so
// the test's output names it.
process.on('unhandledRejection', (e) => {
  console.error(e)
  console.log(`UNHANDLED ${oneLine(e)}`)
})
const lines = createInterface({ input: process.stdin })
lines.on('line', async (line) => {
  const [command, arg, ...rest] = line.trim().split(/\s+/)
  try {
    if (command === 'DIAL') {
      const connection = await node.dial(multiaddr(arg), { signal: AbortSignal.timeout(10000) })
      console.log(`DIALED ${connection.remotePeer.toString()}`)
    } else if (command === 'PING') {
      const ms = await node.services.ping.ping(multiaddr(arg), { signal: AbortSignal.timeout(10000) })
      console.log(`PINGED ${ms}`)
    } else if (command === 'HANDLE') {
      await node.handle(arg, echo)
      console.log(`HANDLED ${arg}`)
    } else if (command === 'ECHO') {
      const [count, size] = rest.map(Number)
      const ms = await echoMany(arg, count, size)
      console.log(`ECHOED ${count} ${size} ${ms}`)
    }
  } catch (e) {
    console.log(`${command}-FAILED ${oneLine(e)}`)
  }
})
lines.on('close', stop)
