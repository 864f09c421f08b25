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

/// ln(u) for u in (0, 1], the engine's hottest transcendental (one per waiting time that
/// falls inside the horizon). Reduction to m·2^e with m in (√½, √2], then the atanh series
/// ln m = 2s(1 + s²/3 + … + s¹²/13), s = (m−1)/(m+1), |s| ≤ 0.172: relative error below
/// 1e-11 (tested against libm), about half libm's cost. Plain f64 arithmetic, so the same
/// bits natively and in wasm.
#[inline]
pub fn ln_unit(u: f64) -> f64 {
    debug_assert!(u > 0.0 && u <= 1.0);
    let bits = u.to_bits();
    let mut e = ((bits >> 52) as i64) - 1023;
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    let p = 1.0
        + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0 + z * (1.0 / 11.0 + z * (1.0 / 13.0))))));
    e as f64 * std::f64::consts::LN_2 + 2.0 * s * p
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
    (((rng.next_u64() >> 32) * n as u64) >> 32) as usize
}

/// A standard normal draw (Box–Muller, two uniforms, libm so native and wasm agree).
pub fn normal(rng: &mut SimRng) -> f64 {
    let u1 = uniform_open0(rng);
    let u2 = uniform(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// Poisson(mean): inversion for small means, a normal approximation above 60
/// (partner counts never need the far tail exactly).
pub fn poisson(rng: &mut SimRng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 60.0 {
        return libm::round(mean + libm::sqrt(mean) * normal(rng)).max(0.0) as u32;
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

/// `poisson(rng, mean)` with the inversion's cumulative sums tabulated once (network
/// generation draws one per care manager with the same mean: the table saves an `exp` and a
/// dozen divisions per draw). Same sums in the same order, so the same draws as `poisson`.
#[derive(Clone, Debug)]
pub struct Poisson {
    mean: f64,
    cdf: Vec<f64>,
    /// A guide table: a uniform u in bucket j = ⌊u·len⌋ has its count at or after `guide[j]`,
    /// so a draw looks at one or two sums instead of walking the table from 0 (about a mean's
    /// worth of comparisons per care manager).
    guide: Vec<u32>,
}

impl Poisson {
    pub fn new(mean: f64) -> Poisson {
        let mut cdf = Vec::new();
        if mean > 0.0 && mean <= 60.0 {
            let mut p = libm::exp(-mean);
            let mut c = p;
            cdf.push(c);
            for k in 1..=1000u32 {
                p *= mean / k as f64;
                let next = c + p;
                // Past the mode each term is smaller than the last, so once one no longer
                // changes the sum none will: every later entry would equal `c`, and a draw
                // above `c` gives 1000 either way. Stopping here (about mean + 40 entries
                // instead of 1,001) keeps every draw and saves most of a network's table cost.
                if next == c && k as f64 > mean {
                    break;
                }
                c = next;
                cdf.push(c);
            }
        }
        // guide[j]: the first index whose sum is not below a bound under every u of bucket j
        // (j/len, lowered by far more than the rounding of u·len), so every sum before it is
        // below u and cannot be the draw's.
        let buckets = cdf.len();
        let mut guide = Vec::with_capacity(buckets);
        let mut i = 0;
        for j in 0..buckets {
            let low = j as f64 / buckets as f64 * (1.0 - 1e-9);
            while i < cdf.len() && cdf[i] < low {
                i += 1;
            }
            guide.push(i as u32);
        }
        Poisson { mean, cdf, guide }
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        if self.cdf.is_empty() {
            return poisson(rng, self.mean);
        }
        self.count(uniform(rng))
    }

    /// The first k with u ≤ cdf[k] (as the inversion loop), at most 1000, for u in [0, 1).
    #[inline]
    fn count(&self, u: f64) -> u32 {
        let j = ((u * self.guide.len() as f64) as usize).min(self.guide.len() - 1);
        let mut k = self.guide[j] as usize;
        while k < self.cdf.len() && self.cdf[k] < u {
            k += 1;
        }
        if k < self.cdf.len() {
            k as u32
        } else {
            1000
        }
    }
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

/// The worklists of `Alias::rebuild`, kept between tables.
#[derive(Clone, Debug, Default)]
pub struct AliasWork {
    small: Vec<u32>,
    large: Vec<u32>,
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
        let mut a = Alias::default();
        a.rebuild(weights, |i| i as u32, &mut AliasWork::default()).then_some(a)
    }

    /// Rebuilds the table in place over `weights`, drawing `label(i)` for weight i (a network
    /// redraws one table per area and two more: building them in the same memory each time,
    /// with the labels written as the columns are paired, saves the allocations and a relabelling
    /// pass). `false` (and an empty table) when there are no weights or they do not sum to a
    /// positive finite total, where `new` gives `None`.
    pub fn rebuild(&mut self, weights: &[f64], label: impl Fn(usize) -> u32, work: &mut AliasWork) -> bool {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        self.cols.clear();
        if n == 0 || total.is_nan() || total <= 0.0 || !total.is_finite() {
            return false;
        }
        // Every column starts with alias label(0), as the table relabelled from indices had (a
        // column left with probability 1 never draws its alias).
        let none = label(0);
        self.cols.extend(weights.iter().enumerate().map(|(i, w)| Column {
            prob: w * n as f64 / total,
            here: label(i),
            alias: none,
        }));
        let cols = &mut self.cols;
        let (small, large) = (&mut work.small, &mut work.large);
        small.clear();
        large.clear();
        for (i, c) in cols.iter().enumerate() {
            if c.prob < 1.0 {
                small.push(i as u32);
            } else {
                large.push(i as u32);
            }
        }
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            let (s, l) = (s as usize, l as usize);
            cols[s].alias = cols[l].here;
            cols[l].prob -= 1.0 - cols[s].prob;
            if cols[l].prob < 1.0 {
                large.pop();
                small.push(l as u32);
            }
        }
        for &i in large.iter().chain(small.iter()) {
            cols[i as usize].prob = 1.0;
        }
        true
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

/// Up to `k` distinct items of `pool`, uniformly (partial Fisher–Yates on a copy).
pub fn sample(rng: &mut SimRng, pool: &[u32], k: usize) -> Vec<u32> {
    let mut v = pool.to_vec();
    let k = k.min(v.len());
    for i in 0..k {
        let j = i + below(rng, v.len() - i);
        v.swap(i, j);
    }
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_table_draws_as_the_inversion_loop() {
        for mean in [0.0, 1e-3, 0.3, 1.8, 12.0, 40.5, 59.0, 60.0, 75.0] {
            let t = Poisson::new(mean);
            let (mut a, mut b) = (stream(9, 1, 2), stream(9, 1, 2));
            for _ in 0..20_000 {
                assert_eq!(t.sample(&mut a), poisson(&mut b, mean), "mean {mean}");
            }
        }
    }

    #[test]
    fn the_guide_table_finds_the_count_the_walk_finds() {
        // Every bucket edge and its neighbours, where the guide's bound is tightest.
        for mean in [1e-3, 0.3, 1.8, 12.0, 40.5, 60.0] {
            let t = Poisson::new(mean);
            let walk = |u: f64| t.cdf.iter().position(|&c| u <= c).unwrap_or(1000) as u32;
            let m = t.guide.len();
            for j in 0..=m {
                let edge = j as f64 / m as f64;
                for u in [edge, edge.next_down(), edge.next_up(), edge.next_down().next_down()] {
                    if (0.0..1.0).contains(&u) {
                        assert_eq!(t.count(u), walk(u), "mean {mean} u {u}");
                    }
                }
            }
            for &c in &t.cdf {
                for u in [c, c.next_down(), c.next_up()] {
                    if (0.0..1.0).contains(&u) {
                        assert_eq!(t.count(u), walk(u), "mean {mean} u {u}");
                    }
                }
            }
        }
    }

    #[test]
    fn ln_unit_agrees_with_libm() {
        let mut r = stream(3, 0, 0);
        let mut worst: f64 = 0.0;
        let mut check = |u: f64| {
            let (a, b) = (ln_unit(u), libm::log(u));
            let err = if b == 0.0 { a.abs() } else { ((a - b) / b).abs() };
            worst = worst.max(err);
        };
        for _ in 0..200_000 {
            check(uniform_open0(&mut r));
        }
        for u in [1.0, 0.5, 1.0 - 1e-16, std::f64::consts::FRAC_1_SQRT_2, 1.0 / (1u64 << 53) as f64, 1e-300, 0.999] {
            check(u);
        }
        assert!(worst < 1e-11, "worst relative error {worst:e}");
    }

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
