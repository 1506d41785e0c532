//! Our generator against typify, on the same schemas, in one run
//! (`cargo xtask bench`; see docs/performance.md).
//!
//! Every measured run is a child process (this same executable, `child
//! ours|typify ...`), so one run's allocations and caches do not help the
//! next and the peak memory (`VmHWM`) belongs to one tool and one input.
//! The child times its own work and prints `ok <nanoseconds> <peak KiB>`:
//! for us, reading the schema directory to the formatted files written (the
//! whole of `codegen::Config::generate` and `Generated::write`); for
//! typify, reading its `$defs` document to its formatted file written
//! (parse, `TypeSpace::add_root_schema`, `to_stream`, prettyplease). The
//! conversion to `$defs` (bench/src/defs.rs) is done once beforehand and is
//! not timed.
//!
//! A child that panics, fails or runs past `--timeout` is reported as such
//! for that tool and input; the others go on.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use bench::{defs, stats, synthetic};

// The allocator `cargo xtask codegen` runs with, so our column is what its
// users get; typify runs with it too, so the comparison stays like for like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long one tool may spend on one input before we stop repeating it
/// (at least one run is always made).
const REPEAT_BUDGET: Duration = Duration::from_secs(60);

fn main() -> ExitCode {
    // `cargo bench` passes `--bench` to every target.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        return child::run(&args[1..]);
    }
    let options = match Options::parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", Options::USAGE);
            return ExitCode::from(2);
        }
    };
    match orchestrate(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    runs: usize,
    sizes: Vec<usize>,
    only: Option<String>,
    corpus: PathBuf,
    timeout: Duration,
    compile_runs: usize,
}

impl Options {
    const USAGE: &'static str = "options: --runs N (5) --sizes 10,100,1000,10000 --only TEXT \
         --corpus DIR (../shared/corpus) --timeout SECONDS (300) --compile-runs N (3; 0 skips)";

    fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut options = Options {
            runs: 5,
            sizes: vec![10, 100, 1_000, 10_000],
            only: None,
            corpus: root.join("../shared/corpus"),
            timeout: Duration::from_secs(300),
            compile_runs: 3,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<usize>()
                    .map_err(|_| format!("{flag}: {value:?} is not a number"))
            };
            match flag.as_str() {
                "--runs" => options.runs = number()?.max(1),
                "--compile-runs" => options.compile_runs = number()?,
                "--timeout" => options.timeout = Duration::from_secs(number()? as u64),
                "--only" => options.only = Some(value.clone()),
                "--corpus" => options.corpus = PathBuf::from(value),
                "--sizes" => {
                    options.sizes = value
                        .split(',')
                        .map(|size| size.trim().parse::<usize>())
                        .collect::<Result<_, _>>()
                        .map_err(|_| format!("--sizes: {value:?} is not a list of numbers"))?;
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        Ok(options)
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ lives one level below the workspace root")
        .to_path_buf()
}

/// One benchmark input, ready for both tools.
struct Input {
    name: String,
    /// What we read: a schema directory.
    schemas: PathBuf,
    /// What typify reads: the same schemas as one `$defs` document.
    defs: PathBuf,
    /// Named schemas in the input (entries of `$defs`).
    schema_count: usize,
    /// Vendor specs need lenient mode (README, "Whole OpenAPI descriptions").
    lenient: bool,
    /// A synthetic input (part of the scaling curve).
    synthetic: bool,
    /// Where each run writes its output.
    out: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Ours,
    Typify,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Typify => "typify",
        }
    }
}

/// What one tool did on one input.
#[derive(Default)]
struct Outcome {
    samples: Vec<Duration>,
    peak_kib: Option<u64>,
    /// Why it did not finish (the first failed run ends the series).
    failure: Option<String>,
}

impl Outcome {
    fn median(&self) -> Option<Duration> {
        if self.failure.is_some() {
            return None;
        }
        stats::median(&self.samples)
    }

    fn cell(&self) -> String {
        match (&self.failure, self.median()) {
            (Some(failure), _) => failure.clone(),
            (None, Some(median)) => format!("{} ({})", stats::duration(median), self.samples.len()),
            (None, None) => "not run".to_owned(),
        }
    }
}

fn orchestrate(options: &Options) -> Result<(), String> {
    let work = workspace_root().join("target/bench");
    let inputs = prepare_inputs(options, &work)?;
    println!(
        "generator benchmark: median of up to {} runs per tool and input, each in its own process",
        options.runs
    );
    println!("(ours: schema directory -> formatted files written; typify: $defs document -> formatted file written)\n");

    let mut results: Vec<(Input, Outcome, Outcome)> = Vec::new();
    for input in inputs {
        let mut ours = Outcome::default();
        let mut typify = Outcome::default();
        for run in 0..options.runs {
            for (tool, outcome) in [(Tool::Ours, &mut ours), (Tool::Typify, &mut typify)] {
                let spent: Duration = outcome.samples.iter().sum();
                if outcome.failure.is_some() || (run > 0 && spent > REPEAT_BUDGET) {
                    continue;
                }
                match run_child(tool, &input, run, options.timeout) {
                    Ok((elapsed, peak)) => {
                        outcome.samples.push(elapsed);
                        outcome.peak_kib = outcome.peak_kib.max(peak);
                    }
                    Err(failure) => outcome.failure = Some(failure),
                }
            }
        }
        eprintln!(
            "  {}: ours {}, typify {}",
            input.name,
            ours.cell(),
            typify.cell()
        );
        results.push((input, ours, typify));
    }

    print_table(&results);
    print_scaling(&results);
    if options.compile_runs > 0 {
        compile_time(options, &work, &results);
    }
    print_verdict(&results);
    Ok(())
}

/// Writes every input under `work/inputs/`: the schema directory we read
/// and the `$defs` document typify reads.
fn prepare_inputs(options: &Options, work: &Path) -> Result<Vec<Input>, String> {
    let root = workspace_root();
    let mut inputs = Vec::new();
    let mut add = |name: &str, schemas: PathBuf, lenient: bool, synthetic: bool| {
        if options
            .only
            .as_deref()
            .is_some_and(|only| !name.contains(only))
        {
            return Ok(());
        }
        let dir = work.join("inputs").join(name);
        let docs = defs::load_documents(&schemas).map_err(|e| format!("{name}: {e}"))?;
        let document = defs::defs_document(&docs);
        let schema_count = document["$defs"].as_object().map_or(0, |defs| defs.len());
        let defs = dir.join("defs.json");
        write_file(
            &defs,
            &serde_json::to_string(&document).expect("a Value serializes"),
        )?;
        inputs.push(Input {
            name: name.to_owned(),
            schemas,
            defs,
            schema_count,
            lenient,
            synthetic,
            out: dir.join("out"),
        });
        Ok::<(), String>(())
    };

    add("schemas/", root.join("schemas"), false, false)?;
    for (name, file) in [
        ("stripe", "openapi/stripe/spec3.json"),
        ("github", "openapi/github/api.github.com.json"),
    ] {
        let spec = options.corpus.join(file);
        if !spec.is_file() {
            eprintln!(
                "skipping {name}: {} not found (the shared corpus is absent)",
                spec.display()
            );
            continue;
        }
        // The generator reads a directory of modules: `<name>/<file>`.
        let schemas = work.join("inputs").join(name).join("schemas");
        let file_name = spec.file_name().expect("a file has a name");
        let copy = schemas.join(name).join(file_name);
        if !copy.is_file() || fs_len(&copy) != fs_len(&spec) {
            let text = std::fs::read_to_string(&spec)
                .map_err(|e| format!("reading {}: {e}", spec.display()))?;
            write_file(&copy, &text)?;
        }
        add(name, schemas, true, false)?;

        // The same spec without its operations: the schemas typify sees, and
        // nothing more, for a like-for-like comparison.
        let name = format!("{name}-components");
        let schemas = work.join("inputs").join(&name).join("schemas");
        let mut spec: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&copy)
                .map_err(|e| format!("reading {}: {e}", copy.display()))?,
        )
        .map_err(|e| format!("{}: {e}", copy.display()))?;
        spec["paths"] = serde_json::json!({});
        write_file(
            &schemas.join(&name).join(file_name),
            &serde_json::to_string(&spec).expect("a Value serializes"),
        )?;
        add(&name, schemas, true, false)?;
    }
    for &size in &options.sizes {
        let name = format!("synthetic-{size}");
        let schemas = work.join("inputs").join(&name).join("schemas");
        write_file(
            &schemas.join("synthetic/api.json"),
            &synthetic::document_text(size),
        )?;
        add(&name, schemas, false, true)?;
    }
    Ok(inputs)
}

fn fs_len(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Runs one tool once on one input in a child process; its own timing and
/// peak memory, or why it failed.
fn run_child(
    tool: Tool,
    input: &Input,
    run: usize,
    timeout: Duration,
) -> Result<(Duration, Option<u64>), String> {
    let exe = std::env::current_exe().map_err(|e| format!("own executable: {e}"))?;
    let out = input.out.join(format!("{}-{run}", tool.name()));
    // A fresh output each run: the generator leaves an unchanged tree alone,
    // which would make every run after the first skip its writes.
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&out);
    let mut command = Command::new(exe);
    command.arg("child").arg(tool.name());
    match tool {
        Tool::Ours => command.arg(&input.schemas).arg(&out).arg(if input.lenient {
            "lenient"
        } else {
            "strict"
        }),
        Tool::Typify => command.arg(&input.defs).arg(&out),
    };
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting a child: {e}"))?;
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("did not finish in {} s", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let report = stdout.lines().last().unwrap_or_default();
    let mut fields = report.split_whitespace();
    match (status.success(), fields.next()) {
        (true, Some("ok")) => {
            let nanos: u64 = fields
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("unreadable child report {report:?}"))?;
            let peak = fields.next().and_then(|kib| kib.parse().ok());
            Ok((Duration::from_nanos(nanos), peak))
        }
        _ => {
            let why = stderr
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("no message");
            Err(format!("failed: {}", shorten(why, 70)))
        }
    }
}

fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

fn shorten(text: &str, chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        format!("{}...", text.chars().take(chars).collect::<String>())
    }
}

fn ratio(ours: &Outcome, typify: &Outcome) -> Option<f64> {
    Some(typify.median()?.as_secs_f64() / ours.median()?.as_secs_f64())
}

fn print_table(results: &[(Input, Outcome, Outcome)]) {
    let peak = |outcome: &Outcome| outcome.peak_kib.map_or("-".to_owned(), stats::memory);
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| input | schemas | ours: median (runs) | typify: median (runs) | typify / ours | ours: peak memory | typify: peak memory |"
    );
    let _ = writeln!(table, "|---|--:|--:|--:|--:|--:|--:|");
    for (input, ours, typify) in results {
        let ratio = ratio(ours, typify).map_or("-".to_owned(), |r| format!("{r:.1}x"));
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} | {} | {} |",
            input.name,
            input.schema_count,
            ours.cell(),
            typify.cell(),
            ratio,
            peak(ours),
            peak(typify),
        );
    }
    println!("{table}");
}

/// Time per schema over the synthetic sizes: flat means linear scaling.
fn print_scaling(results: &[(Input, Outcome, Outcome)]) {
    let synthetic: Vec<_> = results
        .iter()
        .filter(|(input, ..)| input.synthetic)
        .collect();
    if synthetic.is_empty() {
        return;
    }
    println!("scaling (synthetic inputs): median time per schema");
    println!("| schemas | ours per schema | typify per schema |");
    println!("|--:|--:|--:|");
    for (input, ours, typify) in synthetic {
        let per_schema = |outcome: &Outcome| {
            outcome.median().map_or_else(
                || "-".to_owned(),
                |median| stats::duration(median / input.schema_count.max(1) as u32),
            )
        };
        println!(
            "| {} | {} | {} |",
            input.schema_count,
            per_schema(ours),
            per_schema(typify)
        );
    }
    println!();
}

/// The last line: the ratio on the largest input both tools finished.
fn print_verdict(results: &[(Input, Outcome, Outcome)]) {
    let largest = results
        .iter()
        .filter_map(|(input, ours, typify)| Some((input, ratio(ours, typify)?)))
        .max_by_key(|(input, _)| input.schema_count);
    match largest {
        Some((input, ratio)) => println!("bench: {ratio:.1}x faster than typify on {}", input.name),
        None => println!("bench: typify finished none of the inputs"),
    }
}

/// `cargo check` of the code generated for the Stripe and GitHub specs
/// (ours with and without the operations) and the synthetic 1,000-schema
/// document, ours next to typify's: each crate is checked once to
/// build its dependencies, then re-checked after touching `src/lib.rs`, so
/// only the generated code is timed.
fn compile_time(options: &Options, work: &Path, results: &[(Input, Outcome, Outcome)]) {
    let candidates = [
        ("stripe: ours, whole spec", "stripe", Tool::Ours),
        (
            "stripe: ours, components only",
            "stripe-components",
            Tool::Ours,
        ),
        ("stripe: typify (components)", "stripe", Tool::Typify),
        ("github: ours, whole spec", "github", Tool::Ours),
        (
            "github: ours, components only",
            "github-components",
            Tool::Ours,
        ),
        ("github: typify (components)", "github", Tool::Typify),
        // Where typify's output for the specs does not compile, this is
        // the comparison that remains.
        ("synthetic-1000: ours", "synthetic-1000", Tool::Ours),
        ("synthetic-1000: typify", "synthetic-1000", Tool::Typify),
    ];
    let dir = work.join("compile");
    let target = dir.join("target");
    let mut rows = Vec::new();
    for (label, input_name, tool) in candidates {
        let Some((input, ours, typify)) =
            results.iter().find(|(input, ..)| input.name == input_name)
        else {
            continue;
        };
        eprintln!("  cargo check: {label}");
        let outcome = if tool == Tool::Ours { ours } else { typify };
        let row = if let Some(failure) = &outcome.failure {
            Err(format!("no code to check ({failure})"))
        } else {
            let out = input.out.join(format!("{}-0", tool.name()));
            let crate_dir = dir.join(format!("{}-{}", tool.name(), input.name));
            match tool {
                Tool::Ours => ours_crate(&out, &crate_dir),
                Tool::Typify => typify_crate(&out, &crate_dir),
            }
            .and_then(|(crate_dir, lines)| {
                check_time(&crate_dir, &target, options.compile_runs).map(|time| (time, lines))
            })
        };
        rows.push((label, row));
    }
    if rows.is_empty() {
        println!("compile time: skipped (none of its inputs was run)\n");
        return;
    }
    println!(
        "compile time of the generated code: `cargo check` with dependencies built, median of {} runs",
        options.compile_runs
    );
    println!("| generated by | lines | cargo check |");
    println!("|---|--:|--:|");
    for (label, row) in rows {
        match row {
            Ok((time, lines)) => println!("| {label} | {lines} | {} |", stats::duration(time)),
            Err(failure) => println!("| {label} | - | {failure} |"),
        }
    }
    println!();
}

/// Our output is a complete crate; it only needs to stand outside this
/// workspace.
fn ours_crate(out: &Path, crate_dir: &Path) -> Result<(PathBuf, usize), String> {
    let mut lines = 0;
    for entry in walk(out)? {
        let relative = entry.strip_prefix(out).expect("under out");
        let mut text = std::fs::read_to_string(&entry)
            .map_err(|e| format!("reading {}: {e}", entry.display()))?;
        if relative == Path::new("Cargo.toml") {
            text.push_str("\n[workspace]\n");
        } else {
            lines += text.lines().count();
        }
        write_file(&crate_dir.join(relative), &text)?;
    }
    Ok((crate_dir.to_path_buf(), lines))
}

/// typify's output is one file of items; it gets a manifest with the
/// crates it refers to.
fn typify_crate(out: &Path, crate_dir: &Path) -> Result<(PathBuf, usize), String> {
    let text =
        std::fs::read_to_string(out).map_err(|e| format!("reading {}: {e}", out.display()))?;
    let mut manifest = String::from(
        "[package]\nname = \"typify-output\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n",
    );
    for (path, dependency) in [
        (
            "::chrono::",
            "chrono = { version = \"0.4\", features = [\"serde\"] }\n",
        ),
        ("::regress::", "regress = \"0.12\"\n"),
        (
            "::uuid::",
            "uuid = { version = \"1\", features = [\"serde\"] }\n",
        ),
    ] {
        if text.contains(path) {
            manifest.push_str(dependency);
        }
    }
    manifest.push_str("\n[workspace]\n");
    write_file(&crate_dir.join("Cargo.toml"), &manifest)?;
    write_file(&crate_dir.join("src/lib.rs"), &text)?;
    Ok((crate_dir.to_path_buf(), text.lines().count()))
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// Median wall time of `cargo check` after touching `src/lib.rs`.
fn check_time(crate_dir: &Path, target: &Path, runs: usize) -> Result<Duration, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || {
        let output = Command::new(&cargo)
            .args(["check", "--quiet", "--lib"])
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .output()
            .map_err(|e| format!("running cargo: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first_error = stderr
                .lines()
                .find(|line| line.starts_with("error"))
                .unwrap_or("cargo check failed");
            Err(format!("does not compile: {}", shorten(first_error, 60)))
        }
    };
    // Dependencies, and the crate once.
    check()?;
    let lib = crate_dir.join("src/lib.rs");
    let mut samples = Vec::new();
    for _ in 0..runs {
        let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
        // Rewriting the file moves its mtime, so cargo checks the crate again.
        std::fs::write(&lib, text).map_err(|e| e.to_string())?;
        let started = Instant::now();
        check()?;
        samples.push(started.elapsed());
    }
    Ok(stats::median(&samples).expect("at least one run"))
}

/// The measured side: one tool, one input, one run.
mod child {
    use std::panic::{self, AssertUnwindSafe};
    use std::path::Path;
    use std::process::ExitCode;
    use std::time::Instant;

    use bench::stats;

    pub fn run(args: &[String]) -> ExitCode {
        // A panic is an outcome to report, not a crash to print.
        panic::set_hook(Box::new(|_| {}));
        let started = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| match args {
            [tool, schemas, out, mode] if tool == "ours" => ours(schemas, out, mode == "lenient"),
            [tool, defs, out] if tool == "typify" => typify(defs, out),
            _ => Err(format!("bad child arguments {args:?}")),
        }));
        let elapsed = started.elapsed();
        match result {
            Ok(Ok(())) => {
                let peak = stats::peak_memory_kib().map_or(String::new(), |kib| kib.to_string());
                println!("ok {} {peak}", elapsed.as_nanos());
                ExitCode::SUCCESS
            }
            Ok(Err(message)) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                eprintln!("panicked: {message}");
                ExitCode::FAILURE
            }
        }
    }

    fn ours(schemas: &str, out: &str, lenient: bool) -> Result<(), String> {
        let generated = codegen::Config::new()
            .schemas(schemas)
            .lenient(lenient)
            .generate()
            .map_err(|failure| {
                let first = failure
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == codegen::diag::Severity::Error)
                    .map_or(String::new(), ToString::to_string);
                format!("{} error(s): {first}", failure.error_count())
            })?;
        generated
            .write(Path::new(out))
            .map_err(|e| format!("writing {out}: {e}"))?;
        Ok(())
    }

    fn typify(defs: &str, out: &str) -> Result<(), String> {
        let text = std::fs::read_to_string(defs).map_err(|e| format!("reading {defs}: {e}"))?;
        let root: schemars::schema::RootSchema =
            serde_json::from_str(&text).map_err(|e| format!("not a schema: {e}"))?;
        let mut types = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
        types
            .add_root_schema(root)
            .map_err(|e| format!("typify: {e}"))?;
        let file: syn::File = syn::parse2(types.to_stream())
            .map_err(|e| format!("typify's output does not parse: {e}"))?;
        std::fs::write(out, prettyplease::unparse(&file)).map_err(|e| format!("writing {out}: {e}"))
    }
}
