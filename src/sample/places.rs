//! Where knots form for the person of a sample, and how each region is
//! treated.

use super::rng::Rng;
use crate::body::{Body, Region, Side, Spot};

/// A region as the sample uses it.
pub(super) struct Place {
    pub(super) region: Region,
    pub(super) home: Spot,
    pub(super) weight: u32,
    pub(super) habits: &'static [(&'static str, &'static str)],
}

/// Every region on the map, with how often knots form there for this
/// person (the usual places, one side a little more than the other) and
/// how they are treated there.
pub(super) fn places(rng: &mut Rng) -> Vec<Place> {
    let body = Body::get();
    let favoured = if rng.chance(0.5) {
        Side::Left
    } else {
        Side::Right
    };
    Region::all()
        .filter_map(|region| {
            let home = body.home_of(region)?;
            let (base_weight, habits) = habits(region.muscle.base);
            let side = if region.side == favoured { 13 } else { 10 };
            let personal = rng.between(50, 150);
            Some(Place {
                region,
                home,
                weight: base_weight * side * personal,
                habits,
            })
        })
        .collect()
}

/// How often knots form on a muscle, relative to the others, and the
/// treatments (technique, tool) people use there, the usual one first.
fn habits(base: &str) -> (u32, &'static [(&'static str, &'static str)]) {
    match base {
        "upper-trapezius" => (
            10,
            &[
                ("pressure", "ball"),
                ("pin and stretch", "fingers"),
                ("pressure", "massage stick"),
            ],
        ),
        "levator-scapulae" => (8, &[("pin and stretch", "fingers"), ("pressure", "ball")]),
        "suboccipitals" => (4, &[("pressure", "fingers"), ("pressure", "ball")]),
        "sternocleidomastoid" => (1, &[("pressure", "fingers")]),
        "scalenes" => (
            1,
            &[("pin and stretch", "fingers"), ("pressure", "fingers")],
        ),
        "anterior-deltoid" | "lateral-deltoid" | "posterior-deltoid" => {
            (2, &[("pressure", "ball")])
        }
        "infraspinatus" | "teres" => (5, &[("pressure", "ball"), ("pin and stretch", "ball")]),
        "rhomboids" => (8, &[("pressure", "ball"), ("pressure", "massage stick")]),
        "latissimus-dorsi" => (3, &[("rolling", "foam roller")]),
        "thoracic-erector-spinae" => (4, &[("rolling", "foam roller"), ("pressure", "ball")]),
        "pectoralis-major" | "pectoralis-minor" => {
            (3, &[("pressure", "ball"), ("pressure", "fingers")])
        }
        "serratus-anterior" => (1, &[("pressure", "fingers")]),
        "biceps" | "triceps" => (1, &[("stripping", "thumb"), ("stripping", "massage stick")]),
        "forearm-flexors" | "forearm-extensors" => {
            (4, &[("friction", "thumb"), ("stripping", "ball")])
        }
        "hand" => (1, &[("pressure", "thumb")]),
        "lumbar-erector-spinae" => (5, &[("pressure", "ball")]),
        "quadratus-lumborum" => (
            7,
            &[("pressure", "ball"), ("rolling around it", "foam roller")],
        ),
        "rectus-abdominis" | "obliques" => (1, &[("pressure", "fingers")]),
        "gluteus-maximus" | "gluteus-medius" => {
            (6, &[("pressure", "ball"), ("rolling", "foam roller")])
        }
        "piriformis" => (6, &[("pin and stretch", "ball"), ("pressure", "ball")]),
        "tensor-fasciae-latae" | "hip-flexors" => (3, &[("pressure", "ball")]),
        "adductors" => (2, &[("rolling", "foam roller")]),
        "rectus-femoris" | "vastus-lateralis" | "vastus-medialis" | "hamstrings" => (
            4,
            &[
                ("rolling", "foam roller"),
                ("stripping", "massage stick"),
                ("pressure", "massage gun"),
            ],
        ),
        "it-band" => (1, &[("rolling around it", "foam roller")]),
        "tibialis-anterior" | "peroneals" => {
            (2, &[("stripping", "massage stick"), ("stripping", "thumb")])
        }
        "gastrocnemius" | "soleus" => (
            5,
            &[
                ("stripping", "massage stick"),
                ("rolling", "foam roller"),
                ("pressure", "massage gun"),
            ],
        ),
        "plantar-fascia" => (5, &[("rolling", "ball")]),
        _ => (1, &[("pressure", "ball")]),
    }
}

/// A place of `region` within `reach` (across, down, in thousandths of
/// the view) of `centre`, other than the centre when there is one; the
/// centre when there is none.
pub(super) fn spot_near(
    body: &Body,
    region: Region,
    centre: Spot,
    (across, down): (u16, u16),
    rng: &mut Rng,
) -> Spot {
    let (across, down) = (i32::from(across), i32::from(down));
    for _ in 0..16 {
        let dx = rng.between(0, 2 * across as u32) as i32 - across;
        let dy = rng.between(0, 2 * down as u32) as i32 - down;
        let (Ok(x), Ok(y)) = (
            u16::try_from(i32::from(centre.x) + dx),
            u16::try_from(i32::from(centre.y) + dy),
        ) else {
            continue;
        };
        let spot = Spot { x, y, ..centre };
        if (dx, dy) != (0, 0) && spot.is_on_view() && body.region_at(spot) == Some(region) {
            return spot;
        }
    }
    centre
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_a_place_and_a_treatment() {
        let places = places(&mut Rng::new(1));
        assert_eq!(places.len(), Region::all().count());
        for place in &places {
            assert!(place.weight > 0, "{}", place.region);
            assert!(!place.habits.is_empty(), "{}", place.region);
            assert_eq!(Body::get().region_at(place.home), Some(place.region));
        }
    }
}
