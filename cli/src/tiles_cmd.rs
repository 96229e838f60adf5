//! `campanile tiles …` (placeholder until the tiles work lands).

use clap::Subcommand;

use crate::ctx::Ctx;
use crate::error::CliError;

#[derive(Subcommand, Debug)]
pub enum TilesCommand {}

pub fn run(cmd: TilesCommand, _ctx: &Ctx) -> Result<(), CliError> {
    match cmd {}
}
