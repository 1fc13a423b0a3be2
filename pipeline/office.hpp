// Inside pipeline/: LibreOffice headless, for the scorecard as a PDF to
// circulate (kpiflow export --pdf). kpiflow writes workbooks itself; a PDF of
// one is LibreOffice's rendering of it, as a performance officer would print it.
#pragma once

#include <chrono>
#include <filesystem>

namespace kpiflow::pipeline {

// Converts the workbook to a PDF at pdf (written to a temporary name beside
// it and renamed, as every output is), each sheet as its print set-up says.
// LibreOffice runs with a profile of its own in a temporary folder, so that
// an officer's open LibreOffice, or another kpiflow, is neither used nor
// disturbed, and is stopped after `limit`. Throws Error saying why (not
// installed, failed, too slow) and what to do.
void to_pdf(const std::filesystem::path& workbook, const std::filesystem::path& pdf, std::chrono::seconds limit = std::chrono::seconds(180));

}  // namespace kpiflow::pipeline
