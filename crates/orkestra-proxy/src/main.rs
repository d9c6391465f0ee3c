//! `orkestra-proxy`: reads its configuration from the environment and serves.

use orkestra_proxy::{Application, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server_kit::init_tracing("info,sqlx=warn,tower_http=warn");
    let app = Application::build(Config::from_env()?).await?;
    tracing::info!(address = %app.address(), "orkestra proxy listening");
    app.run_until_stopped(server_kit::shutdown_signal()).await
}
