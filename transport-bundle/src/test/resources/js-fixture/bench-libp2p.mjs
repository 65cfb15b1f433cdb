// The js-libp2p side of the transport benchmark (TransportBench in the Java test sources starts it).
//   node bench-libp2p.mjs serve
//       A js-libp2p node (TCP, Noise, Yamux, identify, ping: the defaults) on 127.0.0.1 that also serves the
//       discard protocol below. Prints "SELF <peer id> <multiaddr>"; exits on SIGTERM/SIGINT, when stdin
//       closes, or by itself after 5 minutes.
//   node bench-libp2p.mjs drive <multiaddr with /p2p> <ms per figure> <MiB on 1 stream> <MiB per stream on 16>
//       Measures, as a client of that peer (js or Java), and prints one line "RESULT {json}": handshakes/s with
//       1 and 8 dials in flight (8 client nodes, each dial → close → dial …) and dial-until-identified/s, each for
//       <ms>; ping RTT p50/p99 (µs; each a ping service call: new stream + 32-byte echo) for <ms>; and discard
//       throughput (MiB/s, from the first byte to the last ack) over 1 stream and over 16 streams at once.
//       js streams queue whatever send() is given (the muxer's buffer is not bounded), so the volumes are fixed.
// Discard protocol /olocus/bench/discard/1.0.0: the dialer writes, then closes its side; the listener reads
// everything, answers one byte and closes.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'

const DISCARD = '/olocus/bench/discard/1.0.0'
const CHUNK = new Uint8Array(64 * 1024)

// Loopback benchmarks open many connections per second from 127.0.0.1; js-libp2p's connection-manager defaults
// (5 inbound per second per host, 10 pending upgrades, 300 connections) would refuse them, so only those limits
// are raised; the protocol stack is the default one.
const node = (listen) => createLibp2p({
  addresses: { listen },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { inboundConnectionThreshold: 1e9, maxIncomingPendingConnections: 256, maxConnections: 4096 },
  services: { identify: identify(), ping: ping() }
})

const now = () => Number(process.hrtime.bigint()) / 1e6 // ms, sub-µs resolution

async function serve () {
  const server = await node(['/ip4/127.0.0.1/tcp/0'])
  await server.handle(DISCARD, async (stream) => {
    for await (const _ of stream) { /* discard */ }
    stream.send(Uint8Array.of(1))
    await stream.close()
  }, { maxInboundStreams: 256 })
  await server.start()
  console.log(`SELF ${server.peerId.toString()} ${server.getMultiaddrs()[0].toString()}`)
  const stop = async () => { await server.stop(); process.exit(0) }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdin.on('end', stop)
  process.stdin.resume()
  setTimeout(stop, 5 * 60 * 1000)
}

/** Each of `clients` dials, optionally waits for identify, closes and dials again until `ms` passed. */
async function handshakes (clients, target, ms, withIdentify) {
  const identified = new Map() // connection id -> resolve
  const seen = new Set()
  for (const c of clients) {
    c.addEventListener('peer:identify', (evt) => {
      const id = evt.detail.connection.id
      const wake = identified.get(id)
      if (wake) wake(); else seen.add(id)
    })
  }
  let count = 0
  const start = now()
  await Promise.all(clients.map(async (c) => {
    while (now() - start < ms) {
      const conn = await c.dial(target, { force: true, signal: AbortSignal.timeout(10000) })
      if (withIdentify && !seen.delete(conn.id)) {
        await new Promise((resolve) => identified.set(conn.id, resolve))
        identified.delete(conn.id)
      }
      count++
      await conn.close()
    }
  }))
  return count / ((now() - start) / 1000)
}

async function pings (client, target, ms) {
  const conn = await client.dial(target)
  const rtts = []
  const start = now()
  while (now() - start < ms && rtts.length < 20000) {
    const t = now()
    await client.services.ping.ping(conn.remotePeer, { signal: AbortSignal.timeout(10000) })
    rtts.push((now() - t) * 1000)
  }
  rtts.sort((a, b) => a - b)
  return { p50: rtts[Math.floor(rtts.length / 2)], p99: rtts[Math.floor(rtts.length * 99 / 100)], count: rtts.length }
}

/** Writes `mib` MiB on each of `streams` discard streams of one connection, closes them, waits for every ack. */
async function throughput (client, target, streams, mib) {
  const conn = await client.dial(target)
  const start = now()
  await Promise.all(Array.from({ length: streams }, async () => {
    const stream = await conn.newStream(DISCARD)
    const ack = (async () => { let n = 0; for await (const b of stream) n += b.byteLength; return n })()
    for (let sent = 0; sent < mib * 1024 * 1024; sent += CHUNK.byteLength) {
      if (!stream.send(CHUNK)) await stream.onDrain()
    }
    await stream.close()
    if (await ack !== 1) throw new Error('discard stream ended without its 1-byte ack')
  }))
  return streams * mib / ((now() - start) / 1000)
}

async function drive (address, ms, mib1, mib16) {
  const target = multiaddr(address)
  // 8 nodes dial for the handshake figures; a 9th, which never closed a connection to the target, pings and
  // streams (a node may still hold a closing connection that the ping service would pick).
  const clients = []
  for (let i = 0; i < 9; i++) {
    const c = await node([])
    await c.start()
    clients.push(c)
  }
  const probe = clients[8]
  try {
    // Warm-up (V8's optimising tier): each kind of work once, unmeasured, as the Java driver does.
    await handshakes(clients.slice(0, 8), target, 1500, false)
    await pings(probe, target, 500)
    await throughput(probe, target, 1, mib1)
    await throughput(probe, target, 16, mib16)
    const result = {}
    result.handshakesSeq = await handshakes(clients.slice(0, 1), target, ms, false)
    result.handshakes8 = await handshakes(clients.slice(0, 8), target, ms, false)
    result.identifiedSeq = await handshakes(clients.slice(0, 1), target, ms, true)
    const p = await pings(probe, target, ms)
    result.pingP50Us = p.p50
    result.pingP99Us = p.p99
    result.pings = p.count
    result.mib1 = await throughput(probe, target, 1, mib1)
    result.mib16 = await throughput(probe, target, 16, mib16)
    console.log(`RESULT ${JSON.stringify(result)}`)
  } finally {
    await Promise.all(clients.map((c) => c.stop()))
  }
}

const [mode, address, ms, mib1, mib16] = process.argv.slice(2)
if (mode === 'serve') {
  await serve()
} else if (mode === 'drive') {
  setTimeout(() => { console.error('drive: gave up after 120 s'); process.exit(2) }, 120000).unref()
  await drive(address, Number(ms), Number(mib1), Number(mib16))
  process.exit(0)
} else {
  console.error('usage: bench-libp2p.mjs serve | drive <multiaddr> <ms per figure> <MiB on 1 stream> <MiB per stream on 16>')
  process.exit(1)
}
