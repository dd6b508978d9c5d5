package observatory

import (
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// toCopy encodes an Acc as a rollup row.
func (a *Acc) toCopy(tenantID, questionID int64, day time.Time, s Stratum) dbsqlc.ObservatoryCellCopyParams {
	p := dbsqlc.ObservatoryCellCopyParams{
		TenantID: tenantID, QuestionID: questionID, Day: day, Role: s.Role,
		Sector: s.Sector, SizeBand: s.SizeBand, District: s.District,
		Assigned: int32(a.Assigned), Businesses: int32(a.Businesses), Respondents: int32(a.Respondents),
		NumN: int32(a.NumN), SumY: a.SumY, SumY2: a.SumY2,
		HistValues: []float64{}, HistCounts: []int32{},
		ShareBase: int32(a.ShareBase), ShareCodes: []int32{}, ShareSums: []float64{},
		RankBase: int32(a.RankBase), RankCodes: []int32{}, RankSums: []float64{},
		RowCodes: []int32{}, RowN: []int32{}, RowSumY: []float64{}, RowSumY2: []float64{},
		RowHistCodes: []int32{}, RowHistValues: []float64{}, RowHistCounts: []int32{},
	}
	for _, v := range sortedKeys(a.Hist) {
		p.HistValues = append(p.HistValues, v)
		p.HistCounts = append(p.HistCounts, int32(a.Hist[v]))
	}
	for _, c := range sortedKeys(a.Shares) {
		p.ShareCodes = append(p.ShareCodes, c)
		p.ShareSums = append(p.ShareSums, a.Shares[c])
	}
	k := 0
	for _, rs := range a.Ranks {
		k = max(k, len(rs))
	}
	p.RankK = int32(k)
	for _, c := range sortedKeys(a.Ranks) {
		p.RankCodes = append(p.RankCodes, c)
		rs := a.Ranks[c]
		for i := range k {
			if i < len(rs) {
				p.RankSums = append(p.RankSums, rs[i])
			} else {
				p.RankSums = append(p.RankSums, 0)
			}
		}
	}
	for _, c := range sortedKeys(a.Rows) {
		r := a.Rows[c]
		p.RowCodes = append(p.RowCodes, c)
		p.RowN = append(p.RowN, int32(r.N))
		p.RowSumY = append(p.RowSumY, r.SumY)
		p.RowSumY2 = append(p.RowSumY2, r.SumY2)
		for _, v := range sortedKeys(r.Hist) {
			p.RowHistCodes = append(p.RowHistCodes, c)
			p.RowHistValues = append(p.RowHistValues, v)
			p.RowHistCounts = append(p.RowHistCounts, int32(r.Hist[v]))
		}
	}
	return p
}

func sortedKeys[K int32 | float64, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
