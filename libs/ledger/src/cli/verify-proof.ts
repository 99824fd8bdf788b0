// npm run verify-proof -- <proof.json> <public-key.pem>: checks a ledger proof offline (exit 0 or 1).
import { verifyProofCommand } from './verify-proof-command';

process.exitCode = verifyProofCommand(process.argv.slice(2), (line) => console.log(line));
