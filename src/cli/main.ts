/** The clinic command line: thin wiring over library functions; each command is loaded on use. */
import { Command, CommanderError } from 'commander';
import { ClinicError, ExitError, formatProblem } from '../errors.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('clinic')
    .description('CLINIC on promptfoo: multilingual trustworthiness evaluation for healthcare language models')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('validate')
    .description('check every task spec, language pack and item file; print the task × language coverage')
    .option('--tasks <ids>', 'only these tasks (comma list)')
    .option('--langs <codes>', 'only these languages (comma list)')
    .option('--data <folder>', 'item data folder (as CLINIC_DATA)')
    .action(async (opts) => (await import('./validate.ts')).validateCommand(opts));

  program
    .command('score')
    .description('score responses produced elsewhere (JSON lines in, JSON lines out)')
    .requiredOption('--scorer <name>', 'refusal | leakage | abstain | mcq | gender | toxicity')
    .requiredOption('--in <file>', 'input .jsonl file ("-" for standard input)')
    .option('--out <file>', 'output .jsonl file (default: standard output)')
    .option('--backend <backend>', 'offline | judge (default: CLINIC_SCORER or offline)')
    .action(async (opts) => (await import('./score.ts')).scoreCommand(opts));

  program
    .command('import-clinic')
    .description('import the official CLINIC CSV release into item files the suite runs (CLINIC_DATA=official)')
    .argument('<folder>', 'folder holding the release CSVs')
    .option('--out <folder>', 'where to write the items (default: data/official)')
    .option('--all-rows', 'import every row, not only the rows the original scripts used')
    .action(async (folder, opts) => (await import('./import.ts')).importCommand(folder, opts));

  program
    .command('report')
    .description('turn a promptfoo results file (.json or .jsonl) into the CLINIC report')
    .argument('<results>', 'promptfoo results file')
    .option('--html <file>', 'self-contained HTML report')
    .option('--md <file>', 'Markdown summary')
    .option('--json <file>', 'the full report as JSON')
    .option('--original <file>', 'metrics in the original CLINIC result shape (clinic-results.json)')
    .option('--junit <file>', 'gate results as JUnit XML')
    .option('--baseline <file>', 'a previous results file to compare with')
    .option('--gates <file>', 'gates file to check (exit 1 when one fails)')
    .option('--data <folder>', 'item data folder the run used (as CLINIC_DATA)')
    .option('--judge-sample <n>', 'judge n random offline-scored cases again (CLINIC_JUDGE_URL or CLINIC_JURY) and report the agreement')
    .action(async (results, opts) => (await import('./report.ts')).reportCommand(results, opts));

  program
    .command('gate')
    .description('check a results file against release gates; exit 1 when one fails')
    .argument('<results>', 'promptfoo results file')
    .option('--gates <file>', 'gates file (default: CLINIC_GATES or ./gates.yaml)')
    .option('--junit <file>', 'write the gate results as JUnit XML')
    .option('--data <folder>', 'item data folder the run used (as CLINIC_DATA)')
    .action(async (results, opts) => (await import('./report.ts')).gateCommand(results, opts));

  program
    .command('calibrate')
    .description('measure the scorers against the labelled calibration set; exit 1 below the thresholds')
    .option('--scorer <names>', `only these scorers (comma list)`)
    .option('--lang <codes>', 'only these languages (comma list)')
    .option('--judge', 'also run the judge (CLINIC_JUDGE_URL) and report its accuracy and its agreement with the offline scorers')
    .option('--json <file>', 'write summaries, confusion matrices and every outcome as JSON')
    .option('--md <file>', 'write the Markdown table of held-out accuracies (docs/calibration.md)')
    .option('--verbose', 'list every disagreement with the response')
    .option('--split <part>', 'with --verbose, only the disagreements of this part: tune or heldout')
    .option('--config <file>', 'targets and thresholds (default: calibration/config.yaml)')
    .action(async (opts) => (await import('./calibrate.ts')).calibrateCommand(opts));

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof ExitError) {
      if (err.message) process.stderr.write(`${err.message}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ClinicError) {
      process.stderr.write(`${err.problems.map((p) => `error: ${formatProblem(p)}`).join('\n')}\n`);
      return 1;
    }
    throw err;
  }
}
