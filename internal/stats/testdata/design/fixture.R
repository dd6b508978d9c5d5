# Deterministic generator of the design-estimator fixture: 60 businesses in
# four sectors and four size bands answering a 0-10 scale question (y) and a
# single-choice question (choice: a, b or c) on some of 15 working days
# (three ISO weeks, two waves), with base weights, and a population frame in
# which large services businesses are scarce in the sample, so that the
# bounds on g bind. Run from this folder: Rscript fixture.R
set.seed(20261201)
sectors <- c("construction", "manufacturing", "retail", "services")
bands <- c("0-9", "10-49", "50-249", "250+")
nb <- 60
biz <- data.frame(
  business = sprintf("b%02d", 1:nb),
  sector = sample(sectors, nb, replace = TRUE, prob = c(0.2, 0.3, 0.25, 0.25)),
  size_band = sample(bands, nb, replace = TRUE, prob = c(0.4, 0.3, 0.2, 0.1)),
  w0 = sample(c(1, 1.25, 1.5, 2), nb, replace = TRUE),
  stringsAsFactors = FALSE
)
# Services 250+ holds one business (the frame gives it 160), so its cell is
# sparse and raking pushes its g towards the bounds.
biz$sector[1] <- "services"; biz$size_band[1] <- "250+"
days <- seq(as.Date("2026-11-02"), as.Date("2026-11-20"), by = "day")
days <- days[!format(days, "%u") %in% c("6", "7")]
propensity <- runif(nb, 0.25, 0.75)
# Some businesses join late or leave early, so periods overlap partly.
start <- ifelse(runif(nb) < 0.2, sample(4:8, nb, replace = TRUE), 1)
stop <- ifelse(runif(nb) < 0.2, sample(8:12, nb, replace = TRUE), length(days))
level <- 5 + match(biz$sector, sectors) * 0.5 + rnorm(nb, 0, 1.5)
rows <- list()
for (b in 1:nb) {
  for (d in seq_along(days)) {
    if (d < start[b] || d > stop[b] || runif(1) > propensity[b]) next
    y <- min(10, max(0, round(level[b] + 0.1 * d + rnorm(1, 0, 1.5))))
    pa <- plogis(-0.5 + 0.3 * (level[b] - 6))
    choice <- if (runif(1) < pa) "a" else sample(c("b", "c"), 1)
    rows[[length(rows) + 1]] <- data.frame(
      business = biz$business[b], sector = biz$sector[b], size_band = biz$size_band[b],
      w0 = biz$w0[b], day = format(days[d]),
      week = format(days[d], "%G-W%V"), wave = ifelse(d <= 7, "1", "2"),
      y = y, choice = choice, stringsAsFactors = FALSE)
  }
}
micro <- do.call(rbind, rows)
write.csv(micro, "micro.csv", row.names = FALSE, quote = FALSE)
# Frame: illustrative counts (not official statistics), shaped like a
# regional business count: mostly micro businesses, few large ones.
frame <- expand.grid(sector = sectors, size_band = bands, stringsAsFactors = FALSE)
share <- c("0-9" = 0.80, "10-49" = 0.15, "50-249" = 0.04, "250+" = 0.01)
secn <- c(construction = 1400, manufacturing = 900, retail = 1600, services = 3100)
frame$businesses <- round(secn[frame$sector] * share[frame$size_band])
frame$businesses[frame$sector == "services" & frame$size_band == "250+"] <- 160
write.csv(frame, "frame.csv", row.names = FALSE, quote = FALSE)
