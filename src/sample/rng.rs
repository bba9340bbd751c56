//! A small random number generator of our own (SplitMix64), so that a seed
//! gives the same sample on every machine and with every version of the
//! crates.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from 0 to `n - 1` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number from `low` to `high`, both included.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below(u64::from(high.saturating_sub(low)) + 1) as u32
    }

    /// A number from 0 to 1, 1 excluded.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, each as likely as its weight; `None` when there is
    /// nothing to pick or every weight is 0.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> Option<T> {
        let total: u64 = items.iter().map(|&(_, weight)| u64::from(weight)).sum();
        let mut left = self.below(total);
        for &(item, weight) in items {
            if left < u64::from(weight) {
                return Some(item);
            }
            left -= u64::from(weight);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn numbers_stay_in_their_range() {
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            assert!((3..=6).contains(&rng.between(3, 6)));
            assert!(rng.below(5) < 5);
            assert!((0.0..1.0).contains(&rng.unit()));
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.between(4, 4), 4);
    }

    #[test]
    fn weights_are_followed() {
        let mut rng = Rng::new(3);
        assert_eq!(rng.weighted::<u8>(&[]), None);
        assert_eq!(rng.weighted(&[(1, 0), (2, 0)]), None);
        let picks: Vec<u8> = (0..1000)
            .filter_map(|_| rng.weighted(&[(1, 1), (2, 0), (3, 3)]))
            .collect();
        assert!(!picks.contains(&2));
        let threes = picks.iter().filter(|&&p| p == 3).count();
        assert!((650..850).contains(&threes), "{threes}");
    }
}
