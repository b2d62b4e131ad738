//! PLACEHOLDER: replaced by the terminal interface.
/// Options.
pub struct TuiOptions {
    pub keymap_override: Option<std::path::PathBuf>,
    pub no_color: bool,
}
/// Run.
pub fn run(
    _store: crate::store::Store,
    _ctx: crate::command::Context,
    _o: TuiOptions,
) -> anyhow::Result<()> {
    anyhow::bail!("the interactive screen is not built yet; try `rolo today`")
}
