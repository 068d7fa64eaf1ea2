// Prints the package versions this example workspace resolves; the conformance fixtures
// beside it are the real examples.
import { VERSION } from "@mcp/protocol";

process.stdout.write(`@mcp/protocol ${VERSION}\n`);
