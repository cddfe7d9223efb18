//! The `lnob` command line: parses arguments and hands over to one command.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use lnob::commands;

/// A build makes and drops millions of small strings and maps; mimalloc does that faster than
/// the system allocator on every platform lnob builds on.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "lnob",
    version,
    about = "Static sites for the “Leave no one behind” poverty-reduction campaign"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output).
    Build {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaced only when the build succeeds.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also build drafts.
        #[arg(long)]
        drafts: bool,
        /// Override base_url from site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Print only problems.
        #[arg(long, short)]
        quiet: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Print the time of each phase.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Load and validate everything; build nothing; print every problem.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Build in memory and serve on 127.0.0.1; rebuild and reload open pages on every change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; 0 picks a free one.
        #[arg(long, short, default_value_t = commands::serve::DEFAULT_PORT)]
        port: u16,
        /// Listen on another address than 127.0.0.1 (the site is then visible to the network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Also build drafts.
        #[arg(long)]
        drafts: bool,
        /// Print only problems.
        #[arg(long, short)]
        quiet: bool,
        /// Print the time of each phase of every build.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Create a small working site in DIR, or a story, page or plan in a site.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    New {
        /// The folder of the new site (new or empty).
        #[arg(required = true)]
        dir: Option<PathBuf>,
        #[command(subcommand)]
        what: Option<NewWhat>,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// A story: content/stories/SLUG.md with its front matter filled in.
    Story {
        title: String,
        /// The unit: its code, or its name where that is unique.
        #[arg(long)]
        region: String,
        /// household, individual, collective or model.
        #[arg(long, default_value = "household")]
        kind: String,
        /// Default: the slug of the title.
        #[arg(long)]
        slug: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A free page: content/pages/SLUG.md.
    Page {
        title: String,
        #[arg(long)]
        slug: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A plan: data/plans/ID.toml, to fill in from the plan's text.
    Plan {
        id: String,
        /// The plan's unit; default: the site's root_region (or its only top-level unit).
        #[arg(long)]
        region: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let code = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            quiet,
            strict,
            verbose,
        } => commands::build::run_with(
            &commands::build::BuildOptions {
                root,
                output,
                drafts,
                base_url,
                quiet,
                verbose,
            },
            strict,
        ),
        Command::Check {
            root,
            drafts,
            strict,
        } => commands::check::run(&root, drafts, strict),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            quiet,
            verbose,
        } => commands::serve::run(&commands::serve::ServeOptions {
            root,
            port,
            bind,
            drafts,
            quiet,
            verbose,
        }),
        Command::New {
            what: Some(what), ..
        } => {
            use commands::new::NewFile;
            let (root, file) = match what {
                NewWhat::Story {
                    title,
                    region,
                    kind,
                    slug,
                    root,
                } => (
                    root,
                    NewFile::Story {
                        title,
                        region,
                        kind,
                        slug,
                    },
                ),
                NewWhat::Page { title, slug, root } => (root, NewFile::Page { title, slug }),
                NewWhat::Plan { id, region, root } => (root, NewFile::Plan { id, region }),
            };
            commands::new::run_file(&root, &file)
        }
        Command::New {
            dir: Some(dir),
            what: None,
        } => commands::new::run(&dir),
        Command::New {
            dir: None,
            what: None,
        } => {
            eprintln!("error: lnob new needs a folder for a new site, or story, page or plan");
            2
        }
    };
    std::process::exit(code);
}
