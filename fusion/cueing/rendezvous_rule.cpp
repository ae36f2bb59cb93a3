#include "cueing/rendezvous_rule.hpp"

namespace picket::cueing {

std::optional<Severity> RendezvousRule::judge(const PairSide& a, const PairSide& b,
                                              core::Duration /*together*/,
                                              const RuleContext& /*context*/) const {
  return a.dark || b.dark ? config_.severity_with_dark : config_.severity;
}

}  // namespace picket::cueing
