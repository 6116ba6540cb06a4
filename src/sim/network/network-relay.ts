import { type AddressInfo, createServer, type Server, type Socket, connect } from 'node:net';
import { Random } from '../random.js';
import { type DirectionState, IDLE_DIRECTION, type LinkModel, deliver } from './link-delay.js';

/** A loopback TCP relay in front of one target: every byte through it is held for the link's delay. */
export interface NetworkRelay {
  /** Where to connect instead of the target. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Held {
  chunk: Buffer | null;
  atMs: number;
}

/**
 * Starts a relay on 127.0.0.1 that forwards each connection to `target`,
 * holding every chunk, in each direction, until the link model says it
 * arrives (round trip, jitter, bandwidth: see link-delay.ts). The delay is
 * spent on the real path, so whatever measures the call measures it; nothing
 * is added to a record afterwards. End of stream travels the same queue.
 */
export async function startNetworkRelay(
  target: { host: string; port: number },
  link: LinkModel,
  seed: number,
): Promise<NetworkRelay> {
  const random = new Random(seed);
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (inbound) => {
    const outbound = connect({ host: target.host, port: target.port, noDelay: true });
    sockets.add(inbound);
    sockets.add(outbound);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
      sockets.delete(inbound);
      sockets.delete(outbound);
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    pipeDelayed(inbound, outbound, link, random);
    pipeDelayed(outbound, inbound, link, random);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Forwards `from` to `to`, each chunk (and the end) released at its modelled delivery time, in order. */
function pipeDelayed(from: Socket, to: Socket, link: LinkModel, random: Random): void {
  const queue: Held[] = [];
  let state: DirectionState = IDLE_DIRECTION;
  let timer: NodeJS.Timeout | null = null;
  const release = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.atMs <= now + 0.05) {
      const held = queue.shift()!;
      if (to.destroyed) return;
      if (held.chunk === null) to.end();
      else to.write(held.chunk);
    }
    schedule();
  };
  const schedule = () => {
    if (timer !== null || queue.length === 0) return;
    timer = setTimeout(release, Math.max(0, queue[0]!.atMs - performance.now()));
  };
  const hold = (chunk: Buffer | null) => {
    const now = performance.now();
    const next = deliver(link, state, now, chunk?.length ?? 0, random.normal());
    state = next.state;
    queue.push({ chunk, atMs: next.deliverAtMs });
    // Due already (a zero-delay link): forward now rather than pay a timer's minimum of 1 ms.
    if (timer === null && next.deliverAtMs <= now) release();
    else schedule();
  };
  from.on('data', (chunk: Buffer) => hold(chunk));
  from.on('end', () => hold(null));
  from.on('close', () => {
    if (timer !== null && to.destroyed) clearTimeout(timer);
  });
}
