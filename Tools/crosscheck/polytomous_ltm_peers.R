# Peer fits of the graded response model (GRM) and the generalized partial credit model (GPCM)
# with the R package ltm (Rizopoulos 2006), for Tests/Fixtures/polytomous/.
#
# Also exports ltm's Science and Environment data sets as CSV (categories recoded 0..K-1).
#
# Usage (from the repository root):
#   Rscript Tools/crosscheck/polytomous_ltm_peers.R [output-dir]
# Needs ltm (>= 1.2-0) and jsonlite on .libPaths(); set R_LIBS to the library that holds ltm,
# e.g. R_LIBS=/work/venvs/rlib (see Tests/Fixtures/polytomous/README.md for how it was installed).
#
# Parameterisation written to the JSON files (D = 1, theta ~ N(0, 1)):
#   GRM : P*(X >= k | theta) = 1 / (1 + exp(-a (theta - b_k))), k = 1..m   (ltm 'Extrmt'/'Dscrmn')
#   GPCM: P(X = k | theta) ∝ exp(sum_{v=1..k} a (theta - b_v)), k = 0..m   (ltm 'Catgr'/'Dscrmn')
# ltm (IRT.param = TRUE) already reports both on exactly this scale, so no conversion is applied;
# both are written as "thresholds" (for the GPCM these are the step parameters b_v).

suppressPackageStartupMessages({
  library(ltm)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "Tests/Fixtures/polytomous"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

data(Science, package = "ltm")
data(Environment, package = "ltm")

# ---- data export: factor level index - 1, missing -> empty cell -------------------------------
export <- function(df, file) {
  m <- sapply(df, function(x) as.integer(x) - 1L)
  write.table(m, file.path(out, file), sep = ",", row.names = FALSE, col.names = TRUE,
              quote = FALSE, na = "")
  levels_used <- lapply(df, levels)
  list(file = file, rows = nrow(m), columns = ncol(m), items = colnames(m),
       missing = sum(is.na(m)),
       recoding = lapply(levels_used, function(l) setNames(as.list(seq_along(l) - 1L), l)))
}
science_info <- export(Science, "science.csv")
environment_info <- export(Environment, "environment.csv")

# ---- fits ---------------------------------------------------------------------------------------
settings_common <- list(
  D = 1,
  latentDistribution = "N(0,1), fixed (not estimated)",
  quadrature = "Gauss-Hermite, 21 points (ltm default control$GHk = 21): theta_q = sqrt(2) x_q, w_q = w_q^GH / sqrt(pi)",
  estimation = "marginal maximum likelihood, direct maximisation of the marginal log-likelihood",
  missing = "none in these data"
)

# Unrounded estimates: coef() rounds to 3 decimals, so take ltm's own IRT conversion
# (ltm:::IRT.parm, Extrmt_k = beta_k / beta_i) for the GRM ...
grm_items <- function(fit) {
  parms <- ltm:::IRT.parm(fit)$parms
  lapply(names(parms), function(id) {
    row <- parms[[id]]
    list(id = id, a = unname(row[["Dscrmn"]]),
         thresholds = unname(row[grep("^Extrmt", names(row))]))
  })
}

# ... and fit$coefficients for the GPCM, which gpcm(IRT.param = TRUE) estimates directly in the
# IRT form (Catgr.1..m, Dscrmn).
gpcm_items <- function(fit) {
  stopifnot(isTRUE(fit$IRT.param))
  lapply(names(fit$coefficients), function(id) {
    row <- fit$coefficients[[id]]
    list(id = id, a = unname(row[["Dscrmn"]]),
         thresholds = unname(row[grep("^Catgr", names(row))]))
  })
}

peer_header <- function(call_text, fit) {
  list(peer = sprintf("R %s, ltm %s (source: GitHub mirror cran/ltm, commit dbbabfa99fa09ad94113856a6a5ae1535e7b817f = CRAN release 1.2-0)",
                      paste(R.version$major, R.version$minor, sep = "."),
                      packageDescription("ltm")$Version),
       command = call_text,
       logLikelihood = fit$log.Lik,
       convergence = fit$convergence,
       maxAbsScore = fit$max.sc)
}

write_peer <- function(file, header, settings, items) {
  obj <- c(header, list(settings = settings, items = items))
  writeLines(toJSON(obj, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out, file))
}

sci4 <- Science[c(1, 3, 4, 7)]

fit_grm_sci <- grm(sci4)
fit_gpcm_sci <- gpcm(sci4)
fit_grm_env <- grm(Environment)
fit_gpcm_env <- gpcm(Environment)

grm_settings <- c(list(model = "GRM", parameterisation = "P*(X>=k|theta) = 1/(1+exp(-a(theta-b_k))), k=1..m; X scored 0..m; ltm Extrmt_k = b_k, Dscrmn = a",
                       optimizer = "optim BFGS, iter.qN = 150 (ltm defaults)"), settings_common)
gpcm_settings <- c(list(model = "GPCM", parameterisation = "P(X=k|theta) ∝ exp(sum_{v=1..k} a(theta-b_v)), k=0..m (empty sum = 0); ltm Catgr.v = b_v, Dscrmn = a",
                        optimizer = "nlminb, iter.qN = 150 (ltm defaults)"), settings_common)

write_peer("science-grm-peer.json",
           c(peer_header("library(ltm); fit <- grm(Science[c(1,3,4,7)]); ltm:::IRT.parm(fit)$parms; fit$log.Lik", fit_grm_sci),
             list(data = "science.csv, columns Comfort, Work, Future, Benefit (n = 392)")),
           grm_settings, grm_items(fit_grm_sci))
write_peer("science-gpcm-peer.json",
           c(peer_header("library(ltm); fit <- gpcm(Science[c(1,3,4,7)]); fit$coefficients; fit$log.Lik", fit_gpcm_sci),
             list(data = "science.csv, columns Comfort, Work, Future, Benefit (n = 392)")),
           gpcm_settings, gpcm_items(fit_gpcm_sci))
write_peer("environment-grm-peer.json",
           c(peer_header("library(ltm); fit <- grm(Environment); ltm:::IRT.parm(fit)$parms; fit$log.Lik", fit_grm_env),
             list(data = "environment.csv, all 6 columns (n = 291)")),
           grm_settings, grm_items(fit_grm_env))
write_peer("environment-gpcm-peer.json",
           c(peer_header("library(ltm); fit <- gpcm(Environment); fit$coefficients; fit$log.Lik", fit_gpcm_env),
             list(data = "environment.csv, all 6 columns (n = 291)")),
           gpcm_settings, gpcm_items(fit_gpcm_env))

writeLines(toJSON(list(science = science_info, environment = environment_info),
                  auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "data-recoding.json"))

print(fit_grm_sci); print(fit_gpcm_sci); print(fit_grm_env); print(fit_gpcm_env)
