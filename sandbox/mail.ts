// The sandbox's mail server: what the shop's mail server would be, so that every email Klub sends
// in development and in the browser tests can be read in the sandbox admin (/admin/mail). Plain
// SMTP on this machine, any login accepted; messages are kept in memory, newest first.
import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  id: number;
  receivedAt: string;
  /** The envelope's sender and recipients, as the server was told them. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: [string, string][];
}

export class SandboxMail {
  readonly messages: ReceivedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth: (auth, _session, done) => done(null, { user: auth.username }),
    onData: (stream, session, done) => {
      simpleParser(stream)
        .then((mail) => {
          this.messages.unshift({
            id: this.messages.length + 1,
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : null,
            headers: mail.headerLines.map((line): [string, string] => {
              const colon = line.line.indexOf(":");
              return [line.line.slice(0, colon), line.line.slice(colon + 1).trim()];
            }),
          });
          done();
        })
        .catch(done);
    },
  });

  /** Listens on 127.0.0.1 (port 0: any free one); resolves to the port. */
  async listen(port: number): Promise<number> {
    await new Promise<void>((listening, failed) => {
      this.server.server.once("error", failed);
      this.server.listen(port, "127.0.0.1", listening);
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  message(id: number): ReceivedMail | undefined {
    return this.messages.find((m) => m.id === id);
  }

  close(): Promise<void> {
    return new Promise((closed) => this.server.close(closed));
  }
}
