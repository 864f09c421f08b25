//! Job ids, handed out by the page state to every job slot.

/// Job ids for every slot: they only grow, so a late message of a cancelled or superseded
/// job is recognised whichever slot it was for.
#[derive(Debug, Clone, PartialEq)]
pub struct Ids(pub u32);

impl Ids {
    pub fn fresh(&mut self) -> u32 {
        let id = self.0;
        self.0 += 1;
        id
    }
}
