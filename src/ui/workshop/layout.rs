//! Where the workshop draws each office and link: a picture of the network, not part of the
//! model (moved here from `renkei::sim::experiment::workshop`).

use renkei::sim::model::population::{World, NO_CENTRE};

/// Golden angle (radians), for sunflower packing of an area's offices.
const GOLDEN: f64 = 2.399_963_229_728_653;

/// Where each office is drawn, in a `width × height` box (any unit).
///
/// Areas sit on a grid that fills the box; inside an area the centre is at the
/// middle and the other offices are packed around it (sunflower pattern), so the
/// picture shows clusters. Offices outside the municipality (`n_home..`) sit on a
/// ring of small dots along the border, beside their assigned area.
pub fn layout(world: &World, width: f64, height: f64) -> Vec<(f32, f32)> {
    let n = world.len();
    let areas = world.members.len().max(1);
    // The grid whose cells are largest (ties: fewer empty cells).
    let cols = (1..=areas)
        .max_by(|&a, &b| {
            let score = |c: usize| {
                let r = areas.div_ceil(c);
                ((width / c as f64).min(height / r as f64), -((c * r) as f64))
            };
            score(a).partial_cmp(&score(b)).unwrap_or(std::cmp::Ordering::Equal)
        })
        .unwrap_or(1);
    let rows = areas.div_ceil(cols);
    let has_ext = n > world.n_home;
    // Leave a margin for the external ring.
    let margin = if has_ext { 0.06 } else { 0.02 };
    let (x0, y0) = (width * margin, height * margin);
    let (w, h) = (width * (1.0 - 2.0 * margin), height * (1.0 - 2.0 * margin));
    let (cw, ch) = (w / cols as f64, h / rows as f64);
    let radius = 0.42 * cw.min(ch);
    let mut pos = vec![(0.0f32, 0.0f32); n];
    let mut centre_xy = Vec::with_capacity(areas);
    for (a, members) in world.members.iter().enumerate() {
        let (cx, cy) = (x0 + cw * ((a % cols) as f64 + 0.5), y0 + ch * ((a / cols) as f64 + 0.5));
        centre_xy.push((cx, cy));
        let centre = world.centre.get(a).copied().unwrap_or(NO_CENTRE);
        let others: Vec<u32> = members.iter().copied().filter(|&o| o != centre).collect();
        if centre != NO_CENTRE {
            pos[centre as usize] = (cx as f32, cy as f32);
        }
        let m = others.len().max(1) as f64;
        for (i, &o) in others.iter().enumerate() {
            // Skip the innermost slot: that is the centre's.
            let r = radius * ((i as f64 + 1.0) / m).sqrt();
            let t = (i as f64 + 1.0) * GOLDEN;
            pos[o as usize] = ((cx + r * t.cos()) as f32, (cy + r * t.sin()) as f32);
        }
    }
    // External offices: on the border, nearest to their assigned area, spread along it.
    let ext: Vec<usize> = (world.n_home..n).collect();
    let per_area = {
        let mut c = vec![0usize; areas];
        for &o in &ext {
            c[(world.area[o] as usize).min(areas - 1)] += 1;
        }
        c
    };
    let mut seen = vec![0usize; areas];
    for &o in &ext {
        let a = (world.area[o] as usize).min(areas - 1);
        let (cx, cy) = centre_xy.get(a).copied().unwrap_or((width / 2.0, height / 2.0));
        // Push the point from the box's middle outwards through the area, onto the border band.
        let (mx, my) = (width / 2.0, height / 2.0);
        let (dx, dy) = (cx - mx, cy - my);
        let k = seen[a] as f64 / per_area[a].max(1) as f64 - 0.5;
        seen[a] += 1;
        let ang = dy.atan2(dx) + k * 0.5;
        let (ux, uy) = (ang.cos(), ang.sin());
        // Scale so the point lands inside the margin band.
        let sx = if ux.abs() > 1e-9 { (width / 2.0 - width * margin * 0.5) / ux.abs() } else { f64::INFINITY };
        let sy = if uy.abs() > 1e-9 { (height / 2.0 - height * margin * 0.5) / uy.abs() } else { f64::INFINITY };
        let s = sx.min(sy);
        pos[o] = ((mx + ux * s) as f32, (my + uy * s) as f32);
    }
    pos
}

/// The links of a world once each, as (a, b) with a < b.
pub fn edges(world: &World) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(world.links());
    for o in 0..world.len() {
        for &p in world.partners(o) {
            if (o as u32) < p {
                out.push((o as u32, p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use renkei::sim::experiment::workshop::{demo, Demo, DemoSpec, Player};

    #[test]
    fn layout_keeps_offices_inside_the_box_and_areas_apart() {
        let (_, w) = demo(&DemoSpec::default(), Demo::Scattered).unwrap();
        let pos = layout(&w, 1600.0, 900.0);
        assert_eq!(pos.len(), w.len());
        for &(x, y) in &pos {
            assert!((0.0..=1600.0).contains(&x) && (0.0..=900.0).contains(&y), "({x}, {y})");
        }
        // The centre is the middle of its area's offices.
        for (a, m) in w.members.iter().enumerate() {
            let (sx, sy) = m.iter().fold((0.0, 0.0), |s, &o| (s.0 + pos[o as usize].0, s.1 + pos[o as usize].1));
            let (mx, my) = (sx / m.len() as f32, sy / m.len() as f32);
            let c = pos[w.centre[a] as usize];
            assert!((mx - c.0).abs() < 10.0 && (my - c.1).abs() < 10.0);
        }
        // A region with external partners puts them on the border band.
        let scn = renkei::sim::scenario::regions::preset("higashisonogi").unwrap();
        let p = Player::new(scn, 0).unwrap();
        let pos = layout(&p.world, 1000.0, 1000.0);
        for &(x, y) in &pos[p.world.n_home..p.world.len()] {
            assert!(x.min(y) < 60.0 || x.max(y) > 940.0, "external office at ({x}, {y})");
        }
    }

    #[test]
    fn the_links_drawn_are_the_links_the_engine_counts() {
        let mut p = Player::new(renkei::sim::scenario::regions::preset("okazaki").unwrap(), 0).unwrap();
        p.seek(u32::MAX);
        // Active links counted by the engine equal those the page would draw.
        let drawn = edges(&p.world).iter().filter(|&&(a, b)| p.active(a, b)).count() as u64;
        assert_eq!(drawn, p.counts.active_links);
    }
}
