/**
 * Process entry: runs `main` with the process's arguments and exits with its code.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
