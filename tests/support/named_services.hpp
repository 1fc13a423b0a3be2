// A rule book whose services' names are hard to tell apart in a file name:
// shared by ingest's file-name tests and export's template-name tests.
#pragma once

namespace kpiflow::testing {

// Services named in other scripts, one name inside another, two that differ
// only in punctuation, one too long for a file name, one of characters file
// systems refuse: what file names must tell apart.
inline const char* const named_services = R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
  - {id: HX, name: Housing Options}
  - {id: AR, name: "خدمات المكتبة"}
  - {id: PL, name: "Usługi żłobka"}
  - {id: LE, name: "'Leisure'"}
  - {id: LB, name: "Leisure'"}
  - {id: LS, name: "Directorate of a Very Long Service Name That Goes On and On Through Several Committees and Sub-Committees and Panels"}
  - {id: SL, name: "Sales/Lettings: A*B?"}
indicators:
  - {id: H-1, title: Homes, service: HO}
  - {id: X-1, title: Advice, service: HX}
  - {id: A-1, title: Visits, service: AR}
  - {id: P-1, title: Places, service: PL}
  - {id: L-1, title: Visits, service: LE}
  - {id: B-1, title: Loans, service: LB}
)";

}  // namespace kpiflow::testing
