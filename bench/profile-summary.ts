// Prints the top self-time functions and origins of a `.cpuprofile`:
// `npx tsx bench/profile-summary.ts FILE [top] [skip-ms]`.
import { summariseCpuProfile, renderProfileSummary } from './lib/cpuprofile.ts';
import { repoRoot } from './lib/paths.ts';

const [file, top = '30', skipMs = '0'] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [top] [skip-ms]');
  process.exit(2);
}
process.stdout.write(renderProfileSummary(summariseCpuProfile(file, repoRoot, Number(top), Number(skipMs)), file, Number(skipMs)));
