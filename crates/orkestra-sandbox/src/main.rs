//! `orkestra-sandbox`: reads its configuration from the environment and serves.

use orkestra_sandbox::{Application, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _log = server_kit::init_tracing("info,sqlx=warn");
    let app = Application::build(Config::from_env()?).await?;
    tracing::info!(address = %app.address(), "orkestra sandbox listening");
    app.run_until_stopped(server_kit::shutdown_signal()).await
}
