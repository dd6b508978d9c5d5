package disclosure

// prime is the modulus of the exact elimination: arithmetic modulo a prime
// never misses a combination that exists over the rationals (reducing its
// coefficients modulo the prime gives one), so a cell found not to be a
// combination is not one; the rare false "is a combination" only hides one
// cell more.
const prime = 2147483647

// row is an echelon row: its first nonzero entry (the pivot) is 1, and
// origin says which published cells, with which coefficients, make it.
type row struct {
	idx    []int
	val    []uint64
	origin map[int]uint64
}

// basis is the echelon form of the shown cells' atom vectors.
type basis struct {
	pivots  map[int]*row
	scratch []uint64
	touched []int
	mark    []bool
}

func newBasis(natoms int) *basis {
	return &basis{pivots: map[int]*row{}, scratch: make([]uint64, natoms), mark: make([]bool, natoms)}
}

// reduce eliminates atoms (a 0/1 vector) against the basis and returns the
// remainder (sparse) and the combination of cells subtracted.
func (b *basis) reduce(atoms []int) ([]int, []uint64, map[int]uint64) {
	origin := map[int]uint64{}
	b.touched = b.touched[:0]
	for _, a := range atoms {
		b.set(a, 1)
	}
	// Scan in increasing atom order; rows only reach atoms after their
	// pivot, so one pass in order suffices. A min-scan over touched keeps
	// it sparse.
	done := map[int]bool{}
	for {
		next := -1
		for _, a := range b.touched {
			if !done[a] && b.scratch[a] != 0 && (next < 0 || a < next) {
				next = a
			}
		}
		if next < 0 {
			break
		}
		done[next] = true
		r := b.pivots[next]
		if r == nil {
			continue
		}
		c := b.scratch[next]
		for k, a := range r.idx {
			b.set(a, (b.scratch[a]+prime-(c*r.val[k])%prime)%prime)
		}
		for cell, v := range r.origin {
			origin[cell] = (origin[cell] + c*v) % prime
		}
	}
	var idx []int
	var val []uint64
	for _, a := range b.touched {
		if b.scratch[a] != 0 {
			idx = append(idx, a)
			val = append(val, b.scratch[a])
		}
		b.scratch[a] = 0
		b.mark[a] = false
	}
	sortPairs(idx, val)
	return idx, val, origin
}

func (b *basis) set(a int, v uint64) {
	if !b.mark[a] {
		b.mark[a] = true
		b.touched = append(b.touched, a)
	}
	b.scratch[a] = v
}

// insert adds a shown cell's vector.
func (b *basis) insert(atoms []int, cell int) {
	idx, val, origin := b.reduce(atoms)
	if len(idx) == 0 {
		return
	}
	// remainder = cell - sum(origin): its origin is cell minus those.
	o := map[int]uint64{cell: 1}
	for c, v := range origin {
		o[c] = (o[c] + prime - v) % prime
	}
	inv := pow(val[0], prime-2)
	for k := range val {
		val[k] = val[k] * inv % prime
	}
	for c, v := range o {
		o[c] = v * inv % prime
	}
	b.pivots[idx[0]] = &row{idx: idx, val: val, origin: o}
}

// represents reports whether atoms is a combination of the basis and, if
// so, the cells that take part in it.
func (b *basis) represents(atoms []int) ([]int, bool) {
	idx, _, origin := b.reduce(atoms)
	if len(idx) != 0 {
		return nil, false
	}
	var cells []int
	for c, v := range origin {
		if v != 0 {
			cells = append(cells, c)
		}
	}
	return cells, true
}

func pow(x, e uint64) uint64 {
	r := uint64(1)
	x %= prime
	for e > 0 {
		if e&1 == 1 {
			r = r * x % prime
		}
		x = x * x % prime
		e >>= 1
	}
	return r
}

// sortPairs sorts idx ascending, carrying val along.
func sortPairs(idx []int, val []uint64) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && idx[j] < idx[j-1]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
			val[j], val[j-1] = val[j-1], val[j]
		}
	}
}

// Independent returns the indices of a largest subset of sets (each a 0/1
// vector given by its ones) whose vectors are linearly independent, in
// order: the published cells an auditor's equations need.
func Independent(sets [][]int) []int {
	natoms := 0
	for _, s := range sets {
		for _, a := range s {
			natoms = max(natoms, a+1)
		}
	}
	b := newBasis(natoms)
	var out []int
	for i, s := range sets {
		n := len(b.pivots)
		b.insert(s, i)
		if len(b.pivots) > n {
			out = append(out, i)
		}
	}
	return out
}

// Determined reports whether target is a linear combination of sets: the
// sum over target's atoms follows from the sums over the sets.
func Determined(sets [][]int, target []int) bool {
	natoms := 0
	for _, s := range append(sets, target) {
		for _, a := range s {
			natoms = max(natoms, a+1)
		}
	}
	b := newBasis(natoms)
	for i, s := range sets {
		b.insert(s, i)
	}
	_, ok := b.represents(target)
	return ok
}
