// A load balancer in front of several app instances: each request goes to the next instance in
// turn; an instance that refuses the connection (dead) is passed over, and a request cut off by an
// instance dying under it is answered 502, as a real balancer would (Shopify then retries it).
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";

export interface RoundRobinProxy {
  url: string;
  /** Requests each instance answered, by its index in the targets. */
  answered: number[];
  close: () => Promise<void>;
}

export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const answered = targets.map(() => 0);
  const forward = (index: number, incoming: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
      const target = new URL(incoming.url ?? "/", targets[index]);
      const outgoing = httpRequest(target, { method: incoming.method, headers: { ...incoming.headers, host: target.host } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  const server: Server = createServer(async (incoming, reply) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const first = next++;
    for (let tried = 0; tried < targets.length; tried++) {
      const index = (first + tried) % targets.length;
      try {
        const answer = await forward(index, incoming, body);
        answered[index]++;
        reply.writeHead(answer.status, answer.headers);
        return reply.end(answer.body);
      } catch (error) {
        // Refused: the instance is down, try the next. Cut off: it died with the request in hand.
        if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") continue;
        reply.writeHead(502);
        return reply.end();
      }
    }
    reply.writeHead(503);
    reply.end();
  });
  // Longer than the client's own idle timeout (undici's 4 s): the client closes an idle connection
  // first, never the balancer as the client sends on it (a failed fetch, seen once in 2,000).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    answered,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
