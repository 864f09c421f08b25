//! The agents and their partner network for one replication: offices with a
//! role and an area, and undirected care-management ↔ provider links in CSR form.
//! Generated from parameters or loaded from CSV text (an office table and an edge list).

use crate::sim::error::SimError;
use crate::sim::rng::{self, Alias, SimRng};
use crate::sim::scenario::{Network, Scenario};

use crate::sim::scenario::tables::{parse_tables, table_order, Role};

pub const NO_CENTRE: u32 = u32::MAX;

/// A population with its network: everything static during a replication.
#[derive(Clone, Debug, Default)]
pub struct World {
    /// Offices `0..n_home` belong to the municipality; the rest are external partners.
    pub n_home: usize,
    pub role: Vec<Role>,
    pub area: Vec<u32>,
    /// The centre office of each area (`NO_CENTRE` if a loaded table has none).
    pub centre: Vec<u32>,
    /// CSR adjacency: the partners of office `o` are `nbrs[offsets[o]..offsets[o+1]]`.
    pub offsets: Vec<u32>,
    pub nbrs: Vec<u32>,
    /// Home offices of each area (the in-scope ones first), for levers aimed at areas and for
    /// each area's rate.
    pub members: Vec<Vec<u32>>,
    /// Per area: how many of `members` are in scope (take part in care-plan exchange); the
    /// rest are out of scope, and no lever reaches them (see `reachable`).
    pub in_scope: Vec<u32>,
    /// The out-of-scope home offices (`Population::out_of_scope`, or the table's column).
    pub out_of_scope: Vec<u32>,
    /// Fixed initial adopters and barriers when loaded from a table.
    pub fixed_adopted: Option<Vec<bool>>,
    pub fixed_barrier: Option<Vec<bool>>,
    /// Offices a table's `survey` column lists as planning (`None`: none; issue 14).
    pub fixed_planning: Option<Vec<bool>>,
    /// Provider lists for generation, kept so a resampled network reuses the layout.
    providers: Providers,
}

#[derive(Clone, Debug, Default)]
struct Providers {
    by_area: Vec<Vec<u32>>,
    home: Vec<u32>,
    external: Vec<u32>,
    /// The partner-count tables (home, external care managers) of the last generation: every
    /// network of a scenario has the same means, so a resampled one reuses them.
    partner_counts: Option<(rng::Poisson, rng::Poisson)>,
    scratch: Scratch,
}

impl World {
    pub fn len(&self) -> usize {
        self.role.len()
    }

    pub fn is_empty(&self) -> bool {
        self.role.is_empty()
    }

    /// Undirected links.
    pub fn links(&self) -> usize {
        self.nbrs.len() / 2
    }

    /// The offices of area `a` a lever can reach: its in-scope members.
    #[inline]
    pub fn reachable(&self, a: usize) -> &[u32] {
        &self.members[a][..self.in_scope[a] as usize]
    }

    #[inline]
    pub fn partners(&self, o: usize) -> &[u32] {
        &self.nbrs[self.offsets[o] as usize..self.offsets[o + 1] as usize]
    }

    /// Draws a new generated network on the same layout (a resampled replication).
    pub fn regenerate(&mut self, scn: &Scenario, rng: &mut SimRng) {
        if let Network::Generated { mean_partners, provider_tail, in_area, cross_border, .. } = &scn.network {
            let g = GenParams {
                mean_partners: *mean_partners,
                tail: *provider_tail,
                in_area: *in_area,
                cross_border: *cross_border,
            };
            generate(self, g, rng);
        }
    }

    /// Frees the memory network draws work in (alias tables, weights, the edge list): a network
    /// that is not drawn again (a calibration's pooled one) needs only its links, and at the
    /// national target's size the working memory is as large as they are. A later
    /// `regenerate` rebuilds it.
    pub fn shed_scratch(&mut self) {
        self.providers.scratch = Scratch::default();
    }

    /// Does `other` have this world's layout (offices, roles, areas, scope, centres, fixed
    /// marks, provider lists)? Then `regenerate` on it draws the network that `regenerate` on a
    /// clone of this world would: a run recycles an earlier run's networks only when it holds.
    pub fn same_layout(&self, other: &World) -> bool {
        let (p, q) = (&self.providers, &other.providers);
        self.n_home == other.n_home
            && self.role == other.role
            && self.area == other.area
            && self.centre == other.centre
            && self.members == other.members
            && self.in_scope == other.in_scope
            && self.out_of_scope == other.out_of_scope
            && self.fixed_adopted == other.fixed_adopted
            && self.fixed_barrier == other.fixed_barrier
            && self.fixed_planning == other.fixed_planning
            && (&p.by_area, &p.home, &p.external) == (&q.by_area, &q.home, &q.external)
    }

    /// Bytes of memory held, for the benchmark's per-office and per-link figures.
    pub fn heap_bytes(&self) -> usize {
        self.bytes(|v| v.capacity(), |v| v.capacity())
    }

    /// `heap_bytes` counted by the arrays' lengths: the same for a network redrawn in a spare
    /// (whose arrays may have room to spare) as for the same network built afresh.
    pub fn net_bytes(&self) -> usize {
        self.bytes(|v| v.len(), |v| v.len())
    }

    fn bytes(&self, roles: impl Fn(&Vec<Role>) -> usize, ids: impl Fn(&Vec<u32>) -> usize) -> usize {
        roles(&self.role)
            + ids(&self.area) * 4
            + ids(&self.centre) * 4
            + ids(&self.offsets) * 4
            + ids(&self.nbrs) * 4
            + self.members.iter().map(|m| ids(m) * 4 + 24).sum::<usize>()
    }

    /// Builds the world of a scenario; `rng` drives network generation only.
    pub fn build(scn: &Scenario, rng: &mut SimRng) -> Result<World, SimError> {
        match &scn.network {
            Network::Generated { .. } => {
                let mut w = layout(scn);
                w.regenerate(scn, rng);
                Ok(w)
            }
            Network::Complete => Ok(complete(scn)),
            Network::Table { offices, edges } => from_tables(scn, offices, edges),
        }
    }
}

struct GenParams {
    mean_partners: f64,
    tail: f64,
    in_area: f64,
    cross_border: f64,
}

/// Roles and areas laid out deterministically: in each area the first office is
/// the centre, then care-management offices, then providers; external offices
/// are spread over the areas round-robin.
fn layout(scn: &Scenario) -> World {
    let pop = &scn.population;
    let n_home = pop.home_offices() as usize;
    let n = n_home + pop.external_offices as usize;
    let mut w = World {
        n_home,
        role: Vec::with_capacity(n),
        area: Vec::with_capacity(n),
        centre: Vec::with_capacity(pop.areas.len()),
        members: Vec::with_capacity(pop.areas.len()),
        ..World::default()
    };
    // Out-of-scope offices per area in proportion to its size (largest remainder), each area
    // keeping at least its centre in scope.
    let out = spread(pop.out_of_scope, &pop.areas.iter().map(|a| a.offices).collect::<Vec<_>>());
    let scope: Vec<u32> = pop.areas.iter().zip(&out).map(|(a, &o)| a.offices - o).collect();
    // Care-management offices per area by largest remainder, so the municipality's total is
    // round(in-scope offices × share) (as the peers), not the sum of per-area roundings.
    let share = pop.care_management_share;
    let floors: Vec<u32> = scope.iter().map(|&n| (n as f64 * share).floor() as u32).collect();
    let target = ((pop.home_offices() - pop.out_of_scope) as f64 * share).round() as u32;
    let mut extra = target.saturating_sub(floors.iter().sum());
    let mut by_remainder: Vec<usize> = (0..pop.areas.len()).collect();
    by_remainder.sort_by(|&i, &j| {
        let r = |k: usize| scope[k] as f64 * share - floors[k] as f64;
        r(j).total_cmp(&r(i)).then(i.cmp(&j))
    });
    let mut cm_count = floors.clone();
    for &k in &by_remainder {
        if extra == 0 {
            break;
        }
        cm_count[k] += 1;
        extra -= 1;
    }
    for (ai, a) in pop.areas.iter().enumerate() {
        let first = w.role.len() as u32;
        let n_cm = cm_count[ai].clamp(1, scope[ai]);
        for j in 0..a.offices {
            w.role.push(match j {
                0 => Role::Centre,
                j if j < n_cm => Role::CareManagement,
                // Out-of-scope offices (the area's last ones) are residential or facility services.
                _ => Role::Provider,
            });
            w.area.push(ai as u32);
        }
        w.centre.push(first);
        w.members.push((first..first + a.offices).collect());
        w.in_scope.push(scope[ai]);
        w.out_of_scope.extend(first + scope[ai]..first + a.offices);
    }
    let n_ext = pop.external_offices as usize;
    let ext_cm = (n_ext as f64 * pop.care_management_share).round() as usize;
    for j in 0..n_ext {
        w.role.push(if j < ext_cm { Role::CareManagement } else { Role::Provider });
        w.area.push((j % pop.areas.len()) as u32);
    }
    let is_prov = |o: &u32| w.role[*o as usize] == Role::Provider;
    // Out-of-scope offices are never a partner.
    let providers = Providers {
        by_area: (0..w.members.len()).map(|a| w.reachable(a).iter().copied().filter(is_prov).collect()).collect(),
        home: (0..w.members.len()).flat_map(|a| w.reachable(a).iter().copied().filter(is_prov)).collect(),
        external: (n_home as u32..n as u32).filter(is_prov).collect(),
        partner_counts: None,
        scratch: Scratch::default(),
    };
    w.providers = providers;
    w
}

/// `total` split over areas of `sizes` in proportion to their size by largest remainder, each
/// area taking at most its size less one (its centre). `Scenario::validate` ensures it fits.
fn spread(total: u32, sizes: &[u32]) -> Vec<u32> {
    let all: u32 = sizes.iter().sum();
    let cap = |k: usize| sizes[k].saturating_sub(1);
    if total == 0 || all == 0 {
        return vec![0; sizes.len()];
    }
    let exact = |k: usize| total as f64 * sizes[k] as f64 / all as f64;
    let mut out: Vec<u32> = (0..sizes.len()).map(|k| (exact(k).floor() as u32).min(cap(k))).collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&i, &j| (exact(j) - out[j] as f64).total_cmp(&(exact(i) - out[i] as f64)).then(i.cmp(&j)));
    let mut left = total.saturating_sub(out.iter().sum());
    while left > 0 {
        let before = left;
        for &k in &order {
            if left > 0 && out[k] < cap(k) {
                out[k] += 1;
                left -= 1;
            }
        }
        if left == before {
            break; // no room left (rejected by validation)
        }
    }
    out
}

/// A provider list's alias table over attractiveness, drawing provider ids (`None`: no
/// provider to draw).
#[inline]
fn draw(table: Option<&Alias>, rng: &mut SimRng) -> Option<u32> {
    table.map(|a| a.sample(rng))
}

/// The memory a network draw works in, kept with the layout so that a redraw allocates
/// nothing: the weights of the home and external providers (in the order drawn), the alias
/// tables built over them, and the edge list.
#[derive(Clone, Debug, Default)]
struct Scratch {
    home_weight: Vec<f64>,
    ext_weight: Vec<f64>,
    /// One table per area, then the home and the external providers' (`usable[i]`: table i has
    /// a provider to draw).
    tables: Vec<Alias>,
    usable: Vec<bool>,
    work: rng::AliasWork,
    edges: Vec<(u32, u32)>,
    linked: Vec<u32>,
}

fn generate(w: &mut World, g: GenParams, rng: &mut SimRng) {
    let n = w.role.len();
    let mut providers = std::mem::take(&mut w.providers);
    let Scratch { home_weight, ext_weight, tables, usable, work, edges, linked } = &mut providers.scratch;
    // Heavy-tailed provider attractiveness, as the peers: Pareto(tail) + 1, drawn per network,
    // the home providers' (which are the areas' lists one after another) then the external ones'.
    home_weight.clear();
    home_weight.extend(providers.home.iter().map(|_| rng::lomax(rng, g.tail) + 1.0));
    ext_weight.clear();
    ext_weight.extend(providers.external.iter().map(|_| rng::lomax(rng, g.tail) + 1.0));
    let n_areas = providers.by_area.len();
    tables.resize_with(n_areas + 2, Alias::default);
    usable.clear();
    let mut from = 0;
    for (ids, table) in providers.by_area.iter().zip(tables.iter_mut()) {
        let ws = &home_weight[from..from + ids.len()];
        from += ids.len();
        usable.push(table.rebuild(ws, |i| ids[i], work));
    }
    let (home, external) = (&providers.home, &providers.external);
    usable.push(tables[n_areas].rebuild(home_weight, |i| home[i], work));
    usable.push(tables[n_areas + 1].rebuild(ext_weight, |i| external[i], work));
    let table = |i: usize| usable[i].then(|| &tables[i]);
    let (home_prov, ext_prov) = (table(n_areas), table(n_areas + 1));

    edges.clear();
    // Expected links plus a margin, so a national-scale network is not built by repeated reallocation.
    let cms = w.role.iter().filter(|&&r| r != Role::Provider).count() as f64;
    edges.reserve((cms * g.mean_partners.max(1.0) * 1.1) as usize + 16);
    // `linked[t] == cm`: care manager `cm` already links to `t` (a redrawn duplicate adds no link).
    linked.clear();
    linked.resize(n, u32::MAX);
    let means = (g.mean_partners, g.mean_partners * g.cross_border);
    let counts = providers.partner_counts.take().filter(|(h, e)| (h.mean(), e.mean()) == means);
    let (partners_home, partners_ext) =
        counts.unwrap_or_else(|| (rng::Poisson::new(means.0), rng::Poisson::new(means.1)));
    // The links are drawn with a copy of the generator, written back after: held in a local, its
    // state stays in registers instead of being stored after every draw (about a tenth of a
    // draw's instructions). The same numbers in the same order.
    let mut local = rng.clone();
    {
        let rng = &mut local;
        for cm in 0..n {
            if w.role[cm] == Role::Provider {
                continue;
            }
            let external = cm >= w.n_home;
            let k = if external { partners_ext.sample(rng) } else { partners_home.sample(rng) }.max(1);
            let own = table(w.area[cm] as usize);
            for _ in 0..k {
                let target = if external {
                    // An external care manager's links into the municipality, preferring its assigned area.
                    if rng::chance(rng, g.in_area) {
                        draw(own, rng).or_else(|| draw(home_prov, rng))
                    } else {
                        draw(home_prov, rng)
                    }
                } else if g.cross_border > 0.0 && ext_prov.is_some() && rng::chance(rng, g.cross_border) {
                    draw(ext_prov, rng)
                } else if rng::chance(rng, g.in_area) {
                    draw(own, rng).or_else(|| draw(home_prov, rng))
                } else {
                    draw(home_prov, rng)
                };
                if let Some(t) = target {
                    if linked[t as usize] != cm as u32 {
                        linked[t as usize] = cm as u32;
                        edges.push((cm as u32, t));
                    }
                }
            }
        }
    }
    *rng = local;
    providers.partner_counts = Some((partners_home, partners_ext));
    csr(w, edges);
    w.providers = providers;
}

fn complete(scn: &Scenario) -> World {
    let mut w = layout(scn);
    let n = w.role.len() as u32;
    let mut out = vec![false; n as usize];
    w.out_of_scope.iter().for_each(|&o| out[o as usize] = true);
    let mut edges = Vec::with_capacity((n as usize * n.saturating_sub(1) as usize) / 2);
    for a in (0..n).filter(|&a| !out[a as usize]) {
        for b in (a + 1..n).filter(|&b| !out[b as usize]) {
            edges.push((a, b));
        }
    }
    csr(&mut w, &edges);
    w
}

/// Fills the CSR arrays from undirected edges (each pair once).
fn csr(w: &mut World, edges: &[(u32, u32)]) {
    let n = w.role.len();
    let mut offsets = std::mem::take(&mut w.offsets);
    offsets.clear();
    offsets.resize(n + 1, 0);
    for &(a, b) in edges {
        offsets[a as usize + 1] += 1;
        offsets[b as usize + 1] += 1;
    }
    let mut sum = 0;
    for o in offsets.iter_mut() {
        sum += *o;
        *o = sum;
    }
    // `fill[o]` walks from offsets[o]; reuse the old neighbour buffer.
    let mut fill: Vec<u32> = offsets[..n].to_vec();
    let mut nbrs = std::mem::take(&mut w.nbrs);
    nbrs.clear();
    nbrs.resize(offsets[n] as usize, 0);
    for &(a, b) in edges {
        nbrs[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
        nbrs[fill[b as usize] as usize] = a;
        fill[b as usize] += 1;
    }
    w.offsets = offsets;
    w.nbrs = nbrs;
}

fn from_tables(scn: &Scenario, offices_csv: &str, edges_csv: &str) -> Result<World, SimError> {
    let t = parse_tables(offices_csv, edges_csv)?;
    let n_areas = scn.population.areas.len();
    let order = table_order(&t);
    let n_home = t.offices.iter().filter(|r| !r.external).count();
    let mut new_index = vec![0u32; t.offices.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as u32;
    }
    let mut w = World {
        n_home,
        centre: vec![NO_CENTRE; n_areas],
        members: vec![Vec::new(); n_areas],
        in_scope: vec![0; n_areas],
        ..World::default()
    };
    let mut adopted = Vec::with_capacity(order.len());
    let mut barrier = Vec::with_capacity(order.len());
    for (new, &old) in order.iter().enumerate() {
        let r = &t.offices[old];
        let a = match scn.area_index(&r.area) {
            Some(a) => a,
            None if r.external => new % n_areas,
            None => {
                return Err(SimError::Table {
                    table: "offices".into(),
                    row: r.line,
                    message: format!("area `{}` is not one of the scenario's areas", r.area),
                })
            }
        };
        if r.role == Role::Centre && !r.external {
            if w.centre[a] != NO_CENTRE {
                return Err(SimError::Table {
                    table: "offices".into(),
                    row: r.line,
                    message: format!("area `{}` already has a centre; one centre per area", r.area),
                });
            }
            w.centre[a] = new as u32;
        }
        if !r.external {
            w.members[a].push(new as u32);
            if r.out_of_scope {
                w.out_of_scope.push(new as u32);
            } else {
                w.in_scope[a] += 1;
            }
        }
        w.role.push(r.role);
        w.area.push(a as u32);
        adopted.push(r.adopted);
        barrier.push(r.barrier);
    }
    let edges: Vec<(u32, u32)> = t.edges.iter().map(|&(a, b)| (new_index[a as usize], new_index[b as usize])).collect();
    csr(&mut w, &edges);
    w.fixed_adopted = Some(adopted);
    w.fixed_barrier = Some(barrier);
    let planning: Vec<bool> = order.iter().map(|&i| t.offices[i].planning).collect();
    w.fixed_planning = planning.contains(&true).then_some(planning);
    Ok(w)
}
