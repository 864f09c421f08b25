//! Seeded randomness that gives the same numbers natively and in wasm.
//!
//! Replication `i` of a run with seed `s` uses its own generator derived from
//! `(s, i)`, so results do not depend on order or thread count. Samplers use
//! `libm` (not the platform's `ln`/`exp`), so native and wasm builds agree bit
//! for bit.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

pub type SimRng = Xoshiro256PlusPlus;

/// SplitMix64 finaliser: a good bijective mix used to derive stream seeds.
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Generator for one purpose (`stream`) of replication `rep` under `seed`.
pub fn stream(seed: u64, rep: u64, stream: u64) -> SimRng {
    SimRng::seed_from_u64(mix64(mix64(seed ^ mix64(rep)) ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03)))
}

/// Uniform in [0, 1) with 53 random bits.
#[inline]
pub fn uniform(rng: &mut SimRng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform in (0, 1].
#[inline]
pub fn uniform_open0(rng: &mut SimRng) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Standard exponential draw.
#[inline]
pub fn exp1(rng: &mut SimRng) -> f64 {
    -libm::log(uniform_open0(rng))
}

/// Bernoulli(p).
#[inline]
pub fn chance(rng: &mut SimRng, p: f64) -> bool {
    uniform(rng) < p
}

/// Uniform integer in [0, n) (n > 0), by Lemire's multiply-shift (bias < 2^-32 for our n).
#[inline]
pub fn below(rng: &mut SimRng, n: usize) -> usize {
    ((rng.next_u64() >> 32) * n as u64 >> 32) as usize
}

/// Poisson(mean): inversion for small means, a normal approximation above 60
/// (partner counts never need the far tail exactly).
pub fn poisson(rng: &mut SimRng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 60.0 {
        let u1 = uniform_open0(rng);
        let u2 = uniform(rng);
        let z = libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2);
        return libm::round(mean + libm::sqrt(mean) * z).max(0.0) as u32;
    }
    let mut k = 0u32;
    let mut p = libm::exp(-mean);
    let mut cdf = p;
    let u = uniform(rng);
    while u > cdf && k < 1000 {
        k += 1;
        p *= mean / k as f64;
        cdf += p;
    }
    k
}

/// Pareto (Lomax, as numpy's `pareto`) with shape `a`: U^(-1/a) - 1.
pub fn lomax(rng: &mut SimRng, a: f64) -> f64 {
    libm::exp(libm::log(uniform_open0(rng)) * (-1.0 / a)) - 1.0
}

/// Walker/Vose alias table for O(1) weighted choice (provider attractiveness). Each column
/// holds its threshold and both labels, so a draw touches one cache line (the national
/// network draws from a 200,000-provider table, where separate arrays meant three misses).
#[derive(Clone, Debug, Default)]
pub struct Alias {
    cols: Vec<Column>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Column {
    prob: f64,
    here: u32,
    alias: u32,
}

impl Alias {
    /// `None` when there are no weights or they sum to zero.
    pub fn new(weights: &[f64]) -> Option<Alias> {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        if n == 0 || !(total > 0.0) || !total.is_finite() {
            return None;
        }
        let mut prob: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias = vec![0u32; n];
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| prob[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s] = l as u32;
            prob[l] -= 1.0 - prob[s];
            if prob[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        for i in large.into_iter().chain(small) {
            prob[i] = 1.0;
        }
        let cols = (0..n).map(|i| Column { prob: prob[i], here: i as u32, alias: alias[i] }).collect();
        Some(Alias { cols })
    }

    /// The same table drawing `labels[i]` instead of index i.
    pub fn relabel(mut self, labels: &[u32]) -> Alias {
        for c in &mut self.cols {
            c.here = labels[c.here as usize];
            c.alias = labels[c.alias as usize];
        }
        self
    }

    pub fn len(&self) -> usize {
        self.cols.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cols.is_empty()
    }

    /// A label drawn with probability proportional to its weight.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        // One 64-bit draw: the high half picks the column, the low half decides alias or not.
        let x = rng.next_u64();
        let i = ((x >> 32) * self.cols.len() as u64) >> 32;
        let u = (x & 0xFFFF_FFFF) as f64 * (1.0 / 4_294_967_296.0);
        let c = &self.cols[i as usize];
        if u < c.prob {
            c.here
        } else {
            c.alias
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_and_repeat() {
        let a: Vec<u64> = (0..4).map(|_| stream(1, 2, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(stream(1, 2, 3).next_u64(), stream(1, 3, 3).next_u64());
        assert_ne!(stream(1, 2, 3).next_u64(), stream(1, 2, 4).next_u64());
    }

    #[test]
    fn samplers_have_the_right_means() {
        let mut r = stream(7, 0, 0);
        let n = 200_000;
        let pm: f64 = (0..n).map(|_| poisson(&mut r, 12.0) as f64).sum::<f64>() / n as f64;
        assert!((pm - 12.0).abs() < 0.05, "poisson mean {pm}");
        let em: f64 = (0..n).map(|_| exp1(&mut r)).sum::<f64>() / n as f64;
        assert!((em - 1.0).abs() < 0.01, "exp mean {em}");
        let alias = Alias::new(&[1.0, 3.0, 0.0, 6.0]).expect("weights");
        let mut c = [0usize; 4];
        for _ in 0..n {
            c[alias.sample(&mut r) as usize] += 1;
        }
        assert_eq!(c[2], 0);
        assert!((c[3] as f64 / n as f64 - 0.6).abs() < 0.01);
    }
}
