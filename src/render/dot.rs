//! Rendering a map as Graphviz DOT, for people who post-process maps with
//! Graphviz.
//!
//! Unlike the other renderers this one writes the graph rather than a
//! scene: Graphviz does its own layout. Claims are boxes in their role's
//! colours with the claim's wrapped text, co-premises of an argument are a
//! cluster, supports and attacks are edges coloured by role, and an
//! undercut points at a small point node standing for the inference it
//! attacks. Output is deterministic: everything is written in file order.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use crate::model::{ArgumentKind, Map, MapIndex, Role, Target};
use crate::scene::Theme;
use crate::text::{FONT_FAMILY, FontMetrics, Weight, wrap};

/// Font size of claim labels, matching the layout's default.
const FONT_SIZE: f32 = 14.0;
/// Widest a label line may be, matching the layout's default.
const MAX_LINE_WIDTH: f32 = 220.0;

/// Renders `map` as a DOT digraph in the colours of `theme`.
pub fn to_dot(map: &Map, index: &MapIndex, theme: &Theme) -> String {
    let mut out = String::with_capacity(512 + map.claims.len() * 300);
    // Writing to a String cannot fail.
    let _ = write_dot(&mut out, map, index, theme);
    out
}

fn write_dot(out: &mut String, map: &Map, index: &MapIndex, theme: &Theme) -> fmt::Result {
    writeln!(out, "digraph {} {{", Quoted(&map.title))?;
    writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname={}, fontsize=20, rankdir=BT, bgcolor={}, fontcolor={}, nodesep=0.3, ranksep=0.6];",
        Quoted(&map.title),
        Quoted(FONT_FAMILY),
        Quoted(&theme.background.hex()),
        Quoted(&theme.text.hex()),
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname={}, fontsize={}, fontcolor={}, margin=\"0.17,0.12\"];",
        Quoted(FONT_FAMILY),
        FONT_SIZE,
        Quoted(&theme.text.hex()),
    )?;
    writeln!(out, "  edge [penwidth=1.5, arrowsize=0.8];")?;

    // Inferences that something undercuts get a point node of their own.
    let undercut: BTreeSet<usize> = (0..map.arguments.len())
        .filter_map(|a| match index.target(a) {
            Some(Target::Argument(t)) => Some(t),
            _ => None,
        })
        .collect();

    // Each claim sits in the cluster of the first co-premise group it
    // belongs to (Graphviz draws a node in one cluster only).
    let mut cluster_of: Vec<Option<usize>> = vec![None; map.claims.len()];
    for a in 0..map.arguments.len() {
        let premises = index.premises(a);
        if premises.len() >= 2 {
            for &p in premises {
                cluster_of[p].get_or_insert(a);
            }
        }
    }

    let metrics = FontMetrics::bundled();
    let write_claim = |out: &mut String, c: usize| -> fmt::Result {
        let claim = &map.claims[c];
        let role = index.role(c);
        let style = theme.role(role);
        let weight = if role == Role::Conclusion {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let label = wrap(metrics, &claim.text, weight, FONT_SIZE, MAX_LINE_WIDTH);
        write!(
            out,
            "    {} [label={}, fillcolor={}, color={}, tooltip={}",
            Quoted(&claim_node(&claim.id)),
            Quoted(label.as_str()),
            Quoted(&style.fill.hex()),
            Quoted(&style.stroke.hex()),
            Quoted(role.label()),
        )?;
        if role == Role::Conclusion {
            write!(
                out,
                ", penwidth=3, fontname={}",
                Quoted(&format!("{FONT_FAMILY} Bold"))
            )?;
        }
        if claim.implicit {
            out.push_str(", style=\"rounded,filled,dashed\"");
        }
        out.push_str("];\n");
        Ok(())
    };

    for (c, cluster) in cluster_of.iter().enumerate() {
        if cluster.is_none() {
            write_claim(out, c)?;
        }
    }
    // The members of each argument's cluster, in file order, gathered in
    // one pass over the claims (looking them up per argument would cost
    // claims × arguments).
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); map.arguments.len()];
    for (c, cluster) in cluster_of.iter().enumerate() {
        if let Some(a) = *cluster {
            members_of[a].push(c);
        }
    }
    for (a, members) in members_of.into_iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        writeln!(
            out,
            "  subgraph {} {{",
            Quoted(&format!("cluster_{}", map.arguments[a].id))
        )?;
        writeln!(
            out,
            "    graph [label=\"\", style=\"rounded,dashed\", color={}];",
            Quoted(&theme.frame_stroke.hex())
        )?;
        for c in members {
            write_claim(out, c)?;
        }
        writeln!(out, "  }}")?;
    }

    for &a in &undercut {
        writeln!(
            out,
            "  {} [shape=point, width=0.08, color={}, tooltip={}];",
            Quoted(&inference_node(&map.arguments[a].id)),
            Quoted(&theme.role(index.argument_role(a)).stroke.hex()),
            Quoted(&format!("inference {}", map.arguments[a].id)),
        )?;
    }

    for (a, argument) in map.arguments.iter().enumerate() {
        let target = match index.target(a) {
            Some(Target::Claim(c)) => claim_node(&map.claims[c].id),
            Some(Target::Argument(t)) => inference_node(&map.arguments[t].id),
            None => continue,
        };
        let color = theme.role(index.argument_role(a)).stroke.hex();
        let arrowhead = match argument.kind {
            ArgumentKind::Support => "normal",
            ArgumentKind::Attack => "tee",
            ArgumentKind::Rephrase => "empty, style=dashed",
        };
        let mut attributes = format!(
            "color={}, arrowhead={arrowhead}, tooltip={}",
            Quoted(&color),
            Quoted(&argument.id)
        );
        if let Some(scheme) = &argument.scheme {
            let _ = write!(attributes, ", label={}", Quoted(scheme));
            let _ = write!(
                attributes,
                ", fontname={}, fontsize=10",
                Quoted(FONT_FAMILY)
            );
        }
        if undercut.contains(&a) {
            // Premises meet at the inference's point, which then points
            // at the target.
            let point = inference_node(&argument.id);
            for &p in index.premises(a) {
                writeln!(
                    out,
                    "  {} -> {} [color={}, arrowhead=none];",
                    Quoted(&claim_node(&map.claims[p].id)),
                    Quoted(&point),
                    Quoted(&color)
                )?;
            }
            writeln!(
                out,
                "  {} -> {} [{attributes}];",
                Quoted(&point),
                Quoted(&target)
            )?;
        } else {
            for &p in index.premises(a) {
                writeln!(
                    out,
                    "  {} -> {} [{attributes}];",
                    Quoted(&claim_node(&map.claims[p].id)),
                    Quoted(&target)
                )?;
            }
        }
    }
    writeln!(out, "}}")
}

fn claim_node(id: &str) -> String {
    format!("claim:{id}")
}

fn inference_node(id: &str) -> String {
    format!("inference:{id}")
}

/// A DOT double-quoted string; line breaks become `\n` (centred lines).
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => {}
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_breaks() {
        assert_eq!(
            Quoted("say \"hi\"\\\nbye\r").to_string(),
            r#""say \"hi\"\\\nbye""#
        );
    }
}
