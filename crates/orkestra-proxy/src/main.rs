//! `orkestra-proxy`: reads its configuration from the environment and serves;
//! `orkestra-proxy doctor` checks that configuration instead (see `doctor`).

use orkestra_proxy::{Application, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(("doctor", rest)) = args.split_first().map(|(c, r)| (c.as_str(), r)) {
        let log = server_kit::init_tracing("warn");
        let code = orkestra_proxy::doctor::main(rest).await;
        // `exit` runs no destructors: the log's last lines are written first.
        drop(log);
        std::process::exit(code);
    }
    let _log = server_kit::init_tracing("info,sqlx=warn,tower_http=warn");
    let app = Application::build(Config::from_env()?).await?;
    tracing::info!(address = %app.address(), "orkestra proxy listening");
    app.run_until_stopped(server_kit::shutdown_signal()).await
}
