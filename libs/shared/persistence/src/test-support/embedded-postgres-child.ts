// Child process for the lock tests: opens an EmbeddedPostgres on the data directory given as
// argument and reports on stdout `READY <url>` or `FAILED <error name>: <message>`. A READY child
// stops cleanly when its stdin closes.
import { EmbeddedPostgres } from '../embedded-postgres';

async function main(dataDir: string): Promise<void> {
  try {
    const embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    process.stdout.write(`READY ${embedded.url}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void embedded.stop().then(() => process.exit(0)));
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    process.stdout.write(`FAILED ${name}: ${message}\n`);
    process.exit(1);
  }
}

void main(process.argv[2]);
