# Golden estimates for the design-based estimators (internal/stats/design.go)
# computed with R's survey package from micro.csv and frame.csv. Run from
# this folder: Rscript golden.R (make golden). Writes golden.csv (one row per
# statistic) and weights.csv (each business's calibration factor g).
#
# Design: svydesign(ids = ~business, weights = ~w0s / m_b) on business-day
# rows of a period, m_b the business's days in the period; w0s is w0 scaled
# so that the respondents' base weights total the frame (weighted) or 1
# (unweighted: no calibration). Weighted designs are calibrate()d with
# calfun = "raking", bounds = c(0.2, 5) to the sector and size-band margins,
# collapsing size bands by the rule of stats.CalibrateRespondents when the
# bounds make the margins unreachable.
#
# Changes and rolling means stack the periods' rows in one design (clusters
# are businesses, margins period-specific) and take svycontrast() of the
# ratio estimates from svytotal(): svyby(covmat = TRUE) in survey 4.1 puts
# zeros between domains of a linearisation design, which would treat the
# periods as independent.
suppressMessages(library(survey))
options(digits = 17)
L <- 0.2; U <- 5
bands <- c("0-9", "10-49", "50-249", "250+")
micro <- read.csv("micro.csv", colClasses = c(day = "character", wave = "character"))
micro$a <- as.numeric(micro$choice == "a")
frame <- read.csv("frame.csv")
N <- sum(frame$businesses)
sectors <- sort(unique(frame$sector))
sec_tot <- tapply(frame$businesses, frame$sector, sum)
band_tot <- tapply(frame$businesses, frame$size_band, sum)

# Base weight per business of one period, scaled to the frame.
scaled_base <- function(rows) {
  b <- unique(rows[, c("business", "sector", "size_band", "w0")])
  b$w0s <- b$w0 * N / sum(b$w0)
  b
}

# Calibration columns of one period for given size groups.
cal_columns <- function(rows, tag, groups) {
  cols <- list(); pop <- c()
  for (s in sectors) {
    nm <- paste0("c", tag, "_s_", make.names(s))
    cols[[nm]] <- as.numeric(rows$sector == s); pop[nm] <- sec_tot[[s]]
  }
  if (length(groups) > 1) for (k in 2:length(groups)) {
    nm <- paste0("c", tag, "_g", k)
    cols[[nm]] <- as.numeric(rows$size_band %in% groups[[k]])
    pop[nm] <- sum(band_tot[groups[[k]]])
  }
  list(cols = as.data.frame(cols), pop = pop)
}

feasible_columns <- function(b, groups) {
  cc <- cal_columns(b, "x", groups)
  base <- colSums(cc$cols * b$w0s)
  all(base > 0 & cc$pop >= L * base * (1 - 1e-12) & cc$pop <= U * base * (1 + 1e-12))
}

# Bounded raking: survey's own cal.raking has g = clamp(exp(u), L, U), but
# its Newton derivative is exp(u) on L - 1 < u < U - 1 and 0 elsewhere, so
# with L = 0.2 a unit whose g must fall below exp(-0.8) = 0.45, or one that
# a step throws past a bound, gets no curvature and the iteration stalls
# (it did on this fixture). This calfun has the same g, hence the same
# solution and the same calibration variance; its Newton matrix uses
# clamp(exp(u)) as the curvature everywhere, which lets a unit held at a
# bound come back.
bounded_raking <- make.calfun(
  Fm1 = function(u, bounds) pmin(pmax(exp(u), bounds$lower), bounds$upper) - 1,
  dF = function(u, bounds) pmin(pmax(exp(u), bounds$lower), bounds$upper),
  name = "bounded raking")

try_calibrate <- function(des, cols, pop) {
  f <- as.formula(paste("~0+", paste(cols, collapse = "+")))
  tryCatch(calibrate(des, f, population = pop[cols], calfun = bounded_raking,
                     bounds = c(L, U), epsilon = 1e-13, maxit = 1000),
           warning = function(w) NULL)
}

# Size groups for one period by the collapsing rule.
period_groups <- function(rows) {
  b <- scaled_base(rows)
  groups <- as.list(bands)
  repeat {
    if (feasible_columns(b, groups)) {
      cc <- cal_columns(rows, "x", groups)
      r <- cbind(rows, cc$cols)
      r$wt <- b$w0s[match(r$business, b$business)] / r$m
      des <- svydesign(ids = ~business, weights = ~wt, data = r)
      if (!is.null(try_calibrate(des, names(cc$cols), cc$pop))) return(groups)
    }
    if (length(groups) == 1) stop("sector-only fallback is not in the fixture")
    pop <- sapply(groups, function(g) sum(band_tot[g]))
    base <- sapply(groups, function(g) sum(b$w0s[b$size_band %in% g]))
    score <- ifelse(base > 0, pmax(log(pop / base) - log(U), log(L) - log(pop / base)), Inf)
    w <- which.max(score)
    with <- w - 1
    if (w == 1 || (w < length(groups) && pop[w + 1] < pop[w - 1])) with <- w + 1
    lo <- min(w, with); hi <- max(w, with)
    merged <- c(groups[[lo]], groups[[hi]])
    groups <- c(groups[seq_len(lo - 1)], list(merged), groups[-seq_len(hi)])
  }
}

# A design over the stacked rows of one or more periods (column pk = 1..K).
stacked_design <- function(rows, weighted, groups) {
  rows$m <- ave(rep(1, nrow(rows)), rows$pk, rows$business, FUN = sum)
  if (!weighted) {
    rows$wt <- 1 / rows$m
    return(svydesign(ids = ~business, weights = ~wt, data = rows))
  }
  rows$wt <- NA
  cols <- c(); pop <- c(); extra <- NULL
  for (k in sort(unique(rows$pk))) {
    sel <- rows$pk == k
    b <- scaled_base(rows[sel, ])
    rows$wt[sel] <- b$w0s[match(rows$business[sel], b$business)] / rows$m[sel]
    cc <- cal_columns(rows, k, groups[[k]])
    cc$cols <- cc$cols * sel
    extra <- if (is.null(extra)) cc$cols else cbind(extra, cc$cols)
    cols <- c(cols, names(cc$cols)); pop <- c(pop, cc$pop)
  }
  r <- cbind(rows, extra)
  des <- svydesign(ids = ~business, weights = ~wt, data = r)
  cal <- try_calibrate(des, cols, pop)
  if (is.null(cal)) stop("calibration failed on a stacked design")
  cal
}

out <- list()
emit <- function(...) out[[length(out) + 1]] <<- data.frame(..., stringsAsFactors = FALSE)
wout <- list()
z <- qnorm(0.975)
wilson <- function(p, n) {
  d <- 1 + z^2 / n
  c((p + z^2 / (2 * n)) / d - z / d * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)),
    (p + z^2 / (2 * n)) / d + z / d * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)))
}
kish <- function(w) sum(w)^2 / sum(w^2)

for (grain in c("day", "week", "wave")) {
  periods <- sort(unique(micro[[grain]]))
  groups <- lapply(periods, function(p) {
    r <- micro[micro[[grain]] == p, ]
    r$m <- ave(rep(1, nrow(r)), r$business, FUN = sum)
    # A frame sector without respondents cannot be calibrated: no weighted
    # estimates for the period (the Go side refuses it with ErrEmptyCell).
    if (!all(sectors %in% r$sector)) return(NULL)
    period_groups(r)
  })
  for (weighted in c(FALSE, TRUE)) {
    wname <- if (weighted) "weighted" else "unweighted"
    for (k in seq_along(periods)) {
      p <- periods[k]
      if (weighted && is.null(groups[[k]])) next
      r <- micro[micro[[grain]] == p, ]; r$pk <- 1
      des <- stacked_design(r, weighted, groups[k])
      C <- length(unique(r$business)); df <- degf(des)
      if (weighted) {
        gw <- weights(des) / des$variables$wt
        b1 <- !duplicated(r$business)
        wout[[length(wout) + 1]] <- data.frame(grain = grain, period = p,
          business = r$business[b1], g = gw[b1], groups = paste(sapply(groups[[k]], paste, collapse = "+"), collapse = "|"))
      }
      W <- tapply(weights(des), r$business, sum)
      days <- tapply(rep(1, nrow(r)), r$business, sum)
      # Mean and sd.
      m <- svymean(~y, des); se <- SE(m)[[1]]; est <- coef(m)[[1]]
      tq <- qt(0.975, df)
      agg <- data.frame(business = names(W), W = as.vector(W),
                        ybar = as.vector(tapply(r$y, r$business, mean)[names(W)]))
      sdv <- sqrt(coef(svyvar(~ybar, svydesign(ids = ~business, weights = ~W, data = agg)))[[1]])
      emit(grain = grain, weighting = wname, statistic = "mean", period = p, domain = "all",
           estimate = est, se = se, lower = est - tq * se, upper = est + tq * se, df = df,
           n = C, days = nrow(r), n_eff = NA, t = NA, p_value = NA)
      emit(grain = grain, weighting = wname, statistic = "sd", period = p, domain = "all",
           estimate = sdv, se = NA, lower = NA, upper = NA, df = NA,
           n = C, days = nrow(r), n_eff = NA, t = NA, p_value = NA)
      # Share of option a.
      s <- svymean(~a, des); ps <- coef(s)[[1]]; vs <- vcov(s)[1, 1]
      # p is 0 or 1 when no business chose a on any day, or all on every day.
      ne <- if (all(r$a == 0) || all(r$a == 1)) kish(W) else min(ps * (1 - ps) / vs, C)
      if (all(r$a == 0) || all(r$a == 1)) ps <- r$a[1]
      ci <- wilson(ps, ne)
      emit(grain = grain, weighting = wname, statistic = "share", period = p, domain = "all",
           estimate = ps, se = sqrt(vs), lower = ci[1], upper = ci[2], df = df,
           n = C, days = nrow(r), n_eff = ne, t = NA, p_value = NA)
      # Sector domains.
      by <- svyby(~y, ~sector, des, svymean)
      bys <- svyby(~a, ~sector, des, svymean)
      for (sec in as.character(by$sector)) {
        rs <- r[r$sector == sec, ]
        nd <- length(unique(rs$business))
        est <- by[sec, "y"]; se <- by[sec, "se"]
        emit(grain = grain, weighting = wname, statistic = "mean", period = p, domain = sec,
             estimate = est, se = se, lower = est - tq * se, upper = est + tq * se, df = df,
             n = nd, days = nrow(rs), n_eff = NA, t = NA, p_value = NA)
        ps <- bys[sec, "a"]; vs <- bys[sec, "se"]^2
        Wd <- W[unique(rs$business)]
        ne <- if (all(rs$a == 0) || all(rs$a == 1)) kish(Wd) else min(ps * (1 - ps) / vs, nd)
        if (all(rs$a == 0) || all(rs$a == 1)) ps <- rs$a[1]
        ci <- wilson(ps, ne)
        emit(grain = grain, weighting = wname, statistic = "share", period = p, domain = sec,
             estimate = ps, se = sqrt(vs), lower = ci[1], upper = ci[2], df = df,
             n = nd, days = nrow(rs), n_eff = ne, t = NA, p_value = NA)
      }
    }
    # Changes between consecutive periods and rolling three-period means.
    windows <- list()
    if (length(periods) >= 2) for (k in 2:length(periods)) windows[[length(windows) + 1]] <- list(stat = "change", ks = c(k - 1, k))
    if (length(periods) >= 3) for (k in 3:length(periods)) windows[[length(windows) + 1]] <- list(stat = "rolling", ks = c(k - 2, k - 1, k))
    for (wi in windows) {
      ks <- wi$ks
      if (weighted && any(sapply(groups[ks], is.null))) next
      r <- do.call(rbind, lapply(seq_along(ks), function(j) {
        x <- micro[micro[[grain]] == periods[ks[j]], ]; x$pk <- j; x }))
      des <- stacked_design(r, weighted, groups[ks])
      df <- degf(des); C <- length(unique(r$business))
      label <- paste(periods[ks], collapse = ">")
      for (dom in c("all", sectors)) {
        ind <- if (dom == "all") rep(1, nrow(r)) else as.numeric(r$sector == dom)
        vars <- c()
        for (j in seq_along(ks)) {
          des$variables[[paste0("d", j)]] <- ind * (des$variables$pk == j)
          des$variables[[paste0("y", j)]] <- des$variables$y * des$variables[[paste0("d", j)]]
          des$variables[[paste0("a", j)]] <- des$variables$a * des$variables[[paste0("d", j)]]
        }
        for (v in c("y", "a")) {
          f <- as.formula(paste("~", paste(c(paste0(v, seq_along(ks)), paste0("d", seq_along(ks))), collapse = "+")))
          tot <- svytotal(f, des)
          ratios <- paste0(v, seq_along(ks), "/d", seq_along(ks))
          expr <- if (wi$stat == "change") parse(text = paste(ratios[2], "-", ratios[1]))[[1]] else
            parse(text = paste0("(", paste(ratios, collapse = "+"), ")/3"))[[1]]
          ct <- svycontrast(tot, expr)
          est <- coef(ct)[[1]]; se <- SE(ct)[[1]]
          tq <- qt(0.975, df); tt <- est / se
          emit(grain = grain, weighting = wname, statistic = paste0(wi$stat, "_", if (v == "y") "mean" else "share"),
               period = label, domain = dom, estimate = est, se = se, lower = est - tq * se, upper = est + tq * se,
               df = df, n = C, days = nrow(r), n_eff = NA, t = tt, p_value = 2 * pt(-abs(tt), df))
        }
      }
    }
  }
}
res <- do.call(rbind, out)
num <- c("estimate", "se", "lower", "upper", "t", "p_value", "n_eff")
for (c in num) res[[c]] <- ifelse(is.na(res[[c]]), "", sprintf("%.17g", res[[c]]))
write.csv(res, "golden.csv", row.names = FALSE, quote = FALSE, na = "")
wts <- do.call(rbind, wout)
wts$g <- sprintf("%.17g", wts$g)
write.csv(wts, "weights.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("%d statistics, %d weights\n", nrow(res), nrow(wts)))
