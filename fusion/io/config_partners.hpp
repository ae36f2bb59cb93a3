#pragma once
// The `partners:` section of fusiond's configuration (documented in
// config/fusiond.example.yaml): the partner table, read into cueing::Partner values.
//
// Two forms are read:
//   * a list of partners, each with `id`, `name`, `authorities` (coastal zones, high seas,
//     flag states, explicit areas, fallback) and its releasability (`receives`,
//     `min_severity`, `rules`);
//   * the first form, a mapping `{default: {id, name}, areas: [{id, name, areas: [{basis,
//     polygon}]}]}`: the default partner becomes a partner with high-seas authority, each
//     area partner one with explicit areas (migration path; the list form says more).

#include <string>
#include <vector>

#include "cueing/partner_table.hpp"

namespace YAML {
class Node;
}

namespace picket::io {

/// Reads the section at `node` (path "partners") into `out`, appending a "path: reason" line
/// to `errors` for every problem. An absent section is an error: alerts need someone to go to.
void readPartnersConfig(const YAML::Node& node, std::vector<std::string>& errors,
                        std::vector<cueing::Partner>& out);

/// One line per partner for the start-up log: "ARC (Colombian Navy): coastal COL
/// [territorial_sea, contiguous_zone, eez]; flag COL; receives cued".
std::vector<std::string> describePartners(const std::vector<cueing::Partner>& partners);

}  // namespace picket::io
