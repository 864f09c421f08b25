//! A budget spread over municipalities (docs/prefecture.md, "The greedy rule"): each
//! municipality runs one plan, so its options are alternatives. Starting from the national
//! policy only everywhere, the step taken is the one whose marginal expected gain per marginal
//! yen is best, among moves that raise a municipality's expected gain and keep the expected
//! spend within the budget: a municipality may move up to a dearer option later. A step
//! raises the expected total gain, and a municipality's gain only rises, so there are at most
//! as many steps as candidates. Greedy is not always optimal (a knapsack); docs say so.

/// One (municipality, option) with an expected gain over the national policy only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub town: usize,
    /// The option's index among the municipality's options.
    pub option: usize,
    /// Expected additional adopters (above 0).
    pub gain: f64,
    /// Expected additional city yen.
    pub cost: f64,
}

/// The chosen option of each of `towns` municipalities (`None`: the national policy only),
/// never spending more than `budget` in expectation.
pub fn greedy(towns: usize, candidates: &[Candidate], budget: f64) -> Vec<Option<usize>> {
    let mut chosen: Vec<Option<usize>> = vec![None; towns];
    let mut now: Vec<(f64, f64)> = vec![(0.0, 0.0); towns];
    let mut spent = 0.0;
    for _ in 0..=candidates.len() {
        let mut best: Option<(f64, f64, usize)> = None;
        for (k, c) in candidates.iter().enumerate() {
            let Some(&(gain, cost)) = now.get(c.town) else { continue };
            let (dg, dk) = (c.gain - gain, c.cost - cost);
            if dg <= 0.0 || spent + dk > budget {
                continue;
            }
            // Yen per additional adopter (lower is better), ties: the larger gain, then the
            // earlier candidate.
            let key = dk / dg;
            let better = match best {
                None => true,
                Some((bk, bg, _)) => key < bk || (key == bk && dg > bg),
            };
            if better {
                best = Some((key, dg, k));
            }
        }
        let Some((_, _, k)) = best else { break };
        let c = candidates[k];
        spent += c.cost - now[c.town].1;
        now[c.town] = (c.gain, c.cost);
        chosen[c.town] = Some(c.option);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(town: usize, option: usize, gain: f64, cost: f64) -> Candidate {
        Candidate { town, option, gain, cost }
    }

    #[test]
    fn the_cheapest_gain_comes_first_and_a_town_may_move_up() {
        // Town 0: option 1 gains 10 for 100, option 2 gains 30 for 400 (the next 20 cost 300:
        // 15 a head); town 1: option 1 gains 5 for 200 (40 a head).
        let cands = [c(0, 1, 10.0, 100.0), c(0, 2, 30.0, 400.0), c(1, 1, 5.0, 200.0)];
        assert_eq!(greedy(2, &cands, 100.0), vec![Some(1), None]);
        assert_eq!(greedy(2, &cands, 400.0), vec![Some(2), None]);
        assert_eq!(greedy(2, &cands, 600.0), vec![Some(2), Some(1)]);
        assert_eq!(greedy(2, &cands, 99.0), vec![None, None]);
    }
}
