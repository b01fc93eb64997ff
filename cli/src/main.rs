use clap::Parser;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::cli::Cli::parse();
    match cli::dispatch(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(cli::Exit::code_of(&e))
        }
    }
}
