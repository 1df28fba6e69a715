use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match tern_emulator::Options::from_args(std::env::args().skip(1)) {
        Ok(tern_emulator::Parsed::Run(options)) => options,
        Ok(tern_emulator::Parsed::Help) => {
            println!("{}", tern_emulator::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("tern-emulator: {message}\n\n{}", tern_emulator::USAGE);
            return ExitCode::from(2);
        }
    };
    match tern_emulator::Emulator::bind(options).await {
        Ok(emulator) => {
            // Scripts and tests read this first line to learn the port.
            println!("listening on {}", emulator.origin());
            println!("uploads on {}", emulator.upload_origin());
            if let Some(address) = emulator.imap_addr() {
                println!("imap on {address}");
            }
            if let Some(address) = emulator.smtp_addr() {
                println!("smtp on {address}");
            }
            if let Err(error) = emulator.run_until_ctrl_c().await {
                eprintln!("tern-emulator: {error}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("tern-emulator: {error}");
            ExitCode::FAILURE
        }
    }
}
