//! Whom to approach first (issue 14 §3): targeting rules for the outreach and visits levers,
//! and the ranked office list a centre takes on its rounds.
//!
//! `random` is the engine's rule without a `targeting` block, and it draws exactly the random
//! numbers it always drew (the engine's fingerprint does not move). The other rules rank
//! offices by a score, highest first, ties by office order, and draw no random number:
//! - `most_partners`: the most partner links (degree) first;
//! - `near_threshold`: the highest share of partners already adopted first ("near the
//!   threshold" of the in-step response, brief §1), ties by degree;
//! - `large_care_management`: care-management offices (and centres) before providers, each by
//!   degree: the model has no office size, so "large" is read as "exchanges with the most
//!   partners" (assumption; Chitose chose large care-management offices, brief §4a);
//! - `partner_requests`: the offices the most adopters would name as wanted partners (adopted
//!   partners, brief §3 partner-request targeting), ties by degree.
//!
//! Visits take the `per_month` highest-ranked offices still open each month. Outreach spreads a
//! centre's contacts over the top quarter of its targets (`OUTREACH_TOP_SHARE`, assumption)
//! ranked when the outreach rates are computed (when an outreach lever starts or ends), instead
//! of over all of them.

use crate::sim::model::population::World;
use crate::sim::scenario::tables::Role;
pub use crate::sim::scenario::targeting::{Rule, Targeting, OUTREACH_TOP_SHARE, RULES};
use serde::Serialize;

/// Office `o`'s score under `rule` (higher first), given its adopted partners `adopted`.
pub fn score(rule: Rule, world: &World, o: usize, adopted: u32) -> f64 {
    let deg = world.partners(o).len() as f64;
    // Tie-breaks by degree stay below one unit of the main key (degrees < 1e6).
    let tie = deg * 1e-7;
    match rule {
        Rule::Random | Rule::MostPartners => deg,
        Rule::NearThreshold if deg == 0.0 => -1.0,
        Rule::NearThreshold => adopted as f64 / deg + tie * 1e-3,
        Rule::LargeCareManagement => {
            let cm = matches!(world.role[o], Role::CareManagement | Role::Centre);
            if cm {
                1e6 + deg
            } else {
                deg
            }
        }
        Rule::PartnerRequests => adopted as f64 + tie,
    }
}

/// `pool` sorted by score, highest first, ties by office order (a stable, random-free order).
pub fn rank(rule: Rule, world: &World, pool: &mut [u32], adopted: impl Fn(u32) -> u32) {
    let mut keyed: Vec<(f64, u32)> = pool.iter().map(|&o| (score(rule, world, o as usize, adopted(o)), o)).collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (slot, (_, o)) in pool.iter_mut().zip(keyed) {
        *slot = o;
    }
}

/// The first `k` of `candidates` that `keep` accepts, in rank order.
pub fn top(
    rule: Rule,
    world: &World,
    candidates: &[u32],
    k: usize,
    keep: impl Fn(u32) -> bool,
    adopted: impl Fn(u32) -> u32,
    out: &mut Vec<u32>,
) {
    out.clear();
    out.extend(candidates.iter().copied().filter(|&o| keep(o)));
    rank(rule, world, out, adopted);
    out.truncate(k);
}

/// How many of `n` outreach targets a ranking rule's contacts go to.
pub fn outreach_targets(n: usize) -> usize {
    ((n as f64 * OUTREACH_TOP_SHARE).ceil() as usize).clamp(n.min(1), n)
}

/// One line of the ranked list a centre takes on its rounds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub id: String,
    pub area: String,
    pub role: &'static str,
    pub partners: usize,
    pub adopted_partners: u32,
    pub score: f64,
}

/// The not-adopted, in-scope home offices of the areas in `mask`, ranked by `rule` on the
/// start state (`adopted[o]`: office `o` uses the system); `ids[o]` names office `o`, `areas[a]`
/// area `a`.
pub fn ranked_list(
    rule: Rule,
    world: &World,
    ids: &[String],
    areas: &[String],
    adopted: &[bool],
    mask: &[bool],
) -> Vec<Ranked> {
    let count = |o: u32| world.partners(o as usize).iter().filter(|&&p| adopted[p as usize]).count() as u32;
    let mut pool: Vec<u32> = (0..world.members.len())
        .filter(|&a| mask[a])
        .flat_map(|a| world.reachable(a).iter().copied())
        .filter(|&o| !adopted[o as usize])
        .collect();
    rank(rule, world, &mut pool, count);
    pool.iter()
        .enumerate()
        .map(|(i, &o)| {
            let o = o as usize;
            Ranked {
                rank: i + 1,
                id: ids.get(o).cloned().unwrap_or_else(|| o.to_string()),
                area: areas.get(world.area[o] as usize).cloned().unwrap_or_default(),
                role: match world.role[o] {
                    Role::Centre => "centre",
                    Role::CareManagement => "care_management",
                    Role::Provider => "provider",
                },
                partners: world.partners(o).len(),
                adopted_partners: count(o as u32),
                score: score(rule, world, o, count(o as u32)),
            }
        })
        .collect()
}
