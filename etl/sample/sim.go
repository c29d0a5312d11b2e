package sample

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// simulator plays tickets one at a time. It holds no per-run state beyond
// the current ticket's, so memory stays flat however many tickets are made.
type simulator struct {
	cal  *calendar
	end  int64
	seed uint64
	n    int

	// Creation times come from one sequential stream so they can be drawn
	// in increasing order; everything else about ticket i comes from its
	// own stream, seeded from (Seed, i).
	arrivals rand.PCG
	arrRand  *rand.Rand
	left     int
	cur01    float64
	seq      int

	pcg rand.PCG
	r   *rand.Rand

	kbIDs      []string
	requesters []string

	// Per-ticket flow state.
	t        *ticket
	now      int64
	group    groupID
	agent    int8
	st       status
	wait     waitReason
	cut      bool
	reopens  int
	lastAt   [tierUnmapped + 1]groupID // last group held per tier, for bounces
	sideways int
}

func newSimulator(cal *calendar, end int64, seed uint64, n int) *simulator {
	s := &simulator{cal: cal, end: end, seed: seed, n: n, left: n, cur01: 1}
	s.arrivals.Seed(seed, 0x7469657273616d70) // "tiersamp": a fixed stream id
	s.arrRand = rand.New(&s.arrivals)
	s.r = rand.New(&s.pcg)
	s.requesters = requesterPool()
	s.kbIDs = make([]string, 100)
	for i := range s.kbIDs {
		s.kbIDs[i] = "KB" + pad4(i)
	}
	return s
}

func pad4(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// splitmix64 decorrelates the per-ticket seeds: consecutive ticket numbers
// would otherwise start PCG streams in neighbouring states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// next fills t with the next ticket. It must be called at most n times.
func (s *simulator) next(t *ticket) {
	// Sorted uniforms, generated in increasing order without storing them:
	// the maximum of k uniforms on [0,c) is c·U^(1/k) (taken on 1-x).
	s.cur01 *= math.Pow(1-s.arrRand.Float64(), 1/float64(s.left))
	s.left--
	s.seq++
	created := s.cal.createdAt(1 - s.cur01)
	s.pcg.Seed(splitmix64(s.seed^uint64(s.seq)), splitmix64(uint64(s.seq)+s.seed*0x2545f4914f6cdd1d))
	s.play(t, created)
	t.finish(s.end)
}

// forcedKind returns the hostile string ticket seq must carry so that each
// one appears at least once in runs of 200 tickets or more, or -1.
func (s *simulator) forcedKind(seq int) int {
	if s.n < 200 {
		return -1
	}
	k := len(hostile)
	for i := range k {
		if seq == (i+1)*s.n/(k+1) {
			return i
		}
	}
	return -1
}

func (s *simulator) play(t *ticket, created int64) {
	r := s.r
	*t = ticket{events: t.events[:0], seq: s.seq, created: created, hostileGroup: noGroup, hostileAgent: noAgent}
	s.t, s.now, s.cut, s.reopens, s.sideways = t, created, false, 0, 0
	s.agent, s.st, s.wait = noAgent, stNew, waitNone
	for i := range s.lastAt {
		s.lastAt[i] = noGroup
	}

	t.priority = pickPriority(r.Float64())
	t.impact, t.urgency = impactUrgency(t.priority, r.IntN(3))
	t.channel = pickChannel(r.Float64())
	t.issue = pickIssue(r.IntN(issueTotalWeight))
	t.title = t.issue.titles[r.IntN(len(t.issue.titles))]
	t.requester = s.pickRequester()
	t.location = locations[r.IntN(len(locations))]
	if k := s.forcedKind(s.seq); k >= 0 {
		t.hostile, t.hostileSpot = hostile[k], forcedSpot[k]
	} else if r.Float64() < 0.005 {
		k := r.IntN(len(hostile))
		t.hostile, t.hostileSpot = hostile[k], spotTitle
		if k < 6 {
			t.hostileSpot = hostileSpot(1 + r.IntN(3))
		}
	}
	switch t.hostileSpot {
	case spotTitle:
		t.title = t.hostile
	case spotRequester:
		t.requester = t.hostile
	}

	// Chats land in the chat team; calls and mail split between the two
	// desks, the Madrid one taking more of the calls.
	madridShare := 0.3
	if t.channel == chPhone {
		madridShare = 0.4
	}
	switch {
	case t.channel == chSelfService:
		s.group = gPortal
	case t.channel == chChat:
		s.group = gL1Chat
	case r.Float64() < madridShare:
		s.group = gServiceDeskMadrid
	default:
		s.group = gServiceDesk
	}
	s.lastAt[groups[s.group].tier] = s.group
	if !s.emit(created, evCreated, stNew, byCustomer, false) {
		return
	}

	how := viaEntry
	if s.group == gPortal {
		// The requester browses the knowledge base first; most find the
		// answer there (deflection), the rest hand over to the desk.
		d := 120 + r.Int64N(2400)
		if r.Float64() < 0.6 {
			kb := s.kbIDs[t.issue.kbBase+r.IntN(3)]
			if !s.emit(s.now+d, evResolved, stResolved, byCustomer, false) {
				return
			}
			s.usedKB(kb)
			if !s.afterResolve() {
				return
			}
			how = viaReopen
		} else if !s.moveTo(gServiceDesk, s.now+d, byCustomer) {
			return
		}
	}

	for hops := 0; ; hops++ {
		next, ok := s.stint(how, hops)
		if !ok {
			return
		}
		if next == viaResolved {
			if !s.afterResolve() {
				return
			}
			next = viaReopen
		}
		how = next
	}
}

// via says how a ticket reached its current group (or, for viaResolved,
// that the stint ended in a resolution).
type via uint8

const (
	viaEntry via = iota
	viaEscalation
	viaBounce
	viaSideways
	viaReopen
	viaResolved
)

// emit appends an event at time at (never before the previous one) with the
// current group and agent. It returns false, and stops the ticket, when at
// is past End: the ticket stays in its state at End.
func (s *simulator) emit(at int64, kind eventKind, st status, who actor, public bool) bool {
	return s.emitBy(at, kind, st, who, public, s.group, s.agent)
}

func (s *simulator) emitBy(at int64, kind eventKind, st status, who actor, public bool, byGroup groupID, byAgent int8) bool {
	if s.cut {
		return false
	}
	at = max(at, s.now)
	if at > s.end {
		s.cut = true
		return false
	}
	s.now, s.st = at, st
	if st != stPending {
		s.wait = waitNone
	}
	s.t.events = append(s.t.events, event{at: at, kind: kind, status: st, wait: s.wait, actor: who, public: public,
		group: s.group, agent: s.agent, byGroup: byGroup, byAgent: byAgent})
	return true
}

// moveTo hands the ticket to group g at time at, clearing the assignee.
func (s *simulator) moveTo(g groupID, at int64, who actor) bool {
	byGroup, byAgent := s.group, s.agent
	s.group, s.agent = g, noAgent
	s.lastAt[groups[g].tier] = g
	st := s.st
	if st == stPending {
		st = stOpen
	}
	return s.emitBy(at, evAssigned, st, who, false, byGroup, byAgent)
}

// Per-tier parameters, indexed by tier (L0 is unused: it has no agents;
// the last entry is the unmapped Facilities group). Durations are medians
// in seconds of working time at P3, scaled by priorityFactor.
var (
	pickupMedian = [...]float64{0, 15 * 60, 90 * 60, 4 * 3600, 6 * 3600, 3 * 3600}
	workMedian   = [...]float64{0, 35 * 60, 5 * 3600, 14 * 3600, 24 * 3600, 8 * 3600}
	replyProb    = [...]float64{0, 0.60, 0.70, 0.60, 0.70, 0.50}
	noteProb     = [...]float64{0, 0.05, 0.25, 0.35, 0.20, 0.10}
	pendingProb  = [...]float64{0, 0.10, 0.18, 0.22, 0.30, 0.10}
	sidewaysProb = [...]float64{0, 0.05, 0.08, 0.08, 0.03, 0}
)

func priorityFactor(p int8) float64 {
	switch p {
	case 1:
		return 0.5
	case 2:
		return 0.7
	case 3:
		return 1
	default:
		return 1.4
	}
}

// lognormal draws a positive duration around median with log-spread sigma,
// capped at 20× the median so one draw cannot dominate a run.
func (s *simulator) lognormal(median, sigma float64) int64 {
	z := s.r.NormFloat64() * sigma
	return int64(median * math.Exp(min(z, 3)))
}

// after returns the time d seconds of work after s.now: calendar time for
// P1 and P2 (an on-call rota works them around the clock), working time
// otherwise.
func (s *simulator) after(d int64) int64 {
	if s.t.priority <= 2 {
		return s.now + d
	}
	return s.cal.addWork(s.now, d)
}

// stint is one spell of a group on the ticket: pick-up, conversation, then
// resolve, move on, or cancel. ok is false when the ticket stops (past End
// or cancelled).
func (s *simulator) stint(how via, hops int) (next via, ok bool) {
	t, r := s.t, s.r
	tr := groups[s.group].tier
	pf := priorityFactor(t.priority)

	if tr == tierL1 && how == viaEntry && r.Float64() < 0.004 {
		// Duplicate or withdrawn before anyone looked at it.
		s.emit(s.now+s.lognormal(20*60, 1), evStatus, stCancelled, byCustomer, false)
		return 0, false
	}
	// A call or chat answered while the desk is staffed is handled live.
	live := how == viaEntry && (t.channel == chPhone || t.channel == chChat) &&
		(t.priority <= 2 || s.cal.nextWorking(s.now) == s.now)
	if s.agent == noAgent {
		var at int64
		if live {
			at = s.now + r.Int64N(180)
		} else {
			at = s.after(s.lognormal(pickupMedian[tr]*pf, 0.9))
		}
		s.agent = int8(r.IntN(len(groups[s.group].agents)))
		if t.hostileSpot == spotAgent && t.hostileAgent == noAgent {
			t.hostileGroup, t.hostileAgent = s.group, s.agent
		}
		if !s.emit(at, evAssigned, stOpen, byAgent, false) {
			return 0, false
		}
	}
	if !s.converse(tr, pf, live) {
		return 0, false
	}

	work := float64(s.lognormal(workMedian[tr]*pf, 1))
	if tr == tierL1 && live {
		work /= 3 // solved while the caller is still on the line
	}
	if hops < 8 && s.sideways < 2 && r.Float64() < sidewaysProb[tr] {
		s.sideways++
		opts := sameTier[tr]
		g := opts[r.IntN(len(opts))]
		if g == s.group {
			g = opts[(int(g-opts[0])+1)%len(opts)]
		}
		return viaSideways, s.moveTo(g, s.after(int64(work*(0.1+0.2*r.Float64()))), byAgent)
	}

	// Probabilities of resolving here and of escalating; the rest bounces
	// back down a tier.
	var resolve, up float64
	switch tr {
	case tierL1:
		if t.issue.facilities && how != viaBounce {
			return viaEscalation, s.moveTo(gFacilities, s.after(int64(work*0.3)), byAgent)
		}
		if r.Float64() < 0.006 {
			s.emit(s.after(int64(work*0.5)), evStatus, stCancelled, byAgent, false)
			return 0, false
		}
		resolve = 0.92
		if how == viaEntry || how == viaSideways {
			resolve = t.issue.l1Resolve
		}
		up = 1 - resolve
	case tierL2:
		resolve, up = 0.78, 0.14
	case tierL3:
		resolve, up = 0.68, 0.22
	case tierL4:
		resolve = 0.90
	default: // Facilities hands back to the desk when it is not theirs
		resolve = 0.92
	}
	u := r.Float64()
	if hops >= 8 || how == viaReopen && u < 0.9 {
		u = 0 // enough hops: whoever holds it now finishes it
	}
	switch {
	case u < resolve:
		kb := ""
		if tr == tierL1 && r.Float64() < 0.25 || (tr == tierL2 || tr == tierL3) && r.Float64() < 0.1 {
			kb = s.kbIDs[t.issue.kbBase+r.IntN(3)]
		}
		if !s.emit(s.after(int64(work)), evResolved, stResolved, byAgent, false) {
			return 0, false
		}
		s.usedKB(kb)
		return viaResolved, true
	case u < resolve+up:
		g := t.issue.groupAt(tr + 1)
		return viaEscalation, s.moveTo(g, s.after(int64(work*(0.3+0.5*r.Float64()))), byAgent)
	default:
		lower := tierL1
		if tr > tierL1 && tr < tierUnmapped {
			lower = tr - 1
		}
		g := s.lastAt[lower]
		if g == noGroup || groups[g].tier == tierL0 {
			g = gServiceDesk
		}
		return viaBounce, s.moveTo(g, s.after(int64(work*(0.3+0.4*r.Float64()))), byAgent)
	}
}

// converse plays the exchange inside a stint: first reply, a requester
// answer, an internal note and perhaps a pending spell. On a live call or
// chat the first answer is given there and then, rarely as a written reply.
func (s *simulator) converse(tr tier, pf float64, live bool) bool {
	r := s.r
	p := replyProb[tr]
	if live {
		p = 0.2
	}
	if r.Float64() < p {
		if !s.emit(s.now+s.lognormal(10*60*pf, 1), evReply, stOpen, byAgent, true) {
			return false
		}
	}
	if r.Float64() < 0.15 {
		if !s.emit(s.now+s.lognormal(3600, 1.2), evReply, stOpen, byCustomer, true) {
			return false
		}
	}
	if r.Float64() < noteProb[tr] {
		if !s.emit(s.now+s.lognormal(30*60*pf, 1), evReply, stOpen, byAgent, false) {
			return false
		}
	}
	if r.Float64() >= pendingProb[tr] {
		return true
	}
	u := r.Float64()
	reason, median := waitUser, 6*3600.0
	switch {
	case tr == tierL2 && u < 0.3, tr == tierL3 && u < 0.25, tr == tierL4 && u < 0.4:
		reason, median = waitVendor, 36*3600
	case tr == tierL3 && u < 0.5:
		reason, median = waitProblem, 48*3600
	}
	s.wait = reason
	if !s.emit(s.now+s.lognormal(15*60, 1), evStatus, stPending, byAgent, false) {
		return false
	}
	back := s.now + s.lognormal(median, 1)
	if reason == waitUser {
		return s.emit(back, evReply, stOpen, byCustomer, true)
	}
	return s.emit(back, evStatus, stOpen, byAgent, false)
}

// afterResolve plays what follows a resolution: a reopen (true: the ticket
// is open again with the resolver), or CSAT and the auto-close.
func (s *simulator) afterResolve() bool {
	t, r := s.t, s.r
	resolved := s.now
	// Auto-close after 3–7 days, by the scheduled job (whole minutes).
	closeAt := resolved + 3*day + r.Int64N(4*day)
	closeAt -= closeAt % 60
	if s.reopens < 2 && r.Float64() < 0.04 {
		d := s.lognormal(20*3600, 1)
		if resolved+d >= closeAt {
			d = int64(float64(closeAt-resolved) * (0.2 + 0.7*r.Float64()))
		}
		s.reopens++
		if s.group == gPortal {
			s.group, s.agent = gServiceDesk, noAgent
			s.lastAt[tierL1] = gServiceDesk
		}
		return s.emit(resolved+d, evReopened, stOpen, byCustomer, false)
	}
	csatAt := never
	var score int8
	if r.Float64() < 0.2 {
		csatAt = resolved + min(s.lognormal(4*3600, 1.2), 6*day)
		score = csatScore(r.Float64())
		breached := resolved-t.created > slaTarget(t.priority)
		if score > 1 && (s.reopens > 0 || breached) && r.Float64() < 0.5 {
			score--
		}
	}
	if csatAt < closeAt {
		s.emitCSAT(csatAt, score)
	}
	s.emit(closeAt, evClosed, stClosed, bySystem, false)
	if csatAt >= closeAt && csatAt != never {
		s.emitCSAT(csatAt, score)
	}
	return false
}

// usedKB records that the resolution just emitted used knowledge article
// kb ("" for none). The first article used is the one the ticket keeps.
func (s *simulator) usedKB(kb string) {
	if kb != "" && s.t.kb == "" {
		s.t.kb, s.t.kbFrom = kb, len(s.t.events)-1
	}
}

func (s *simulator) emitCSAT(at int64, score int8) {
	if s.emit(at, evCSAT, s.st, byCustomer, false) {
		s.t.events[len(s.t.events)-1].csat = score
		s.t.csat = score
	}
}

// csatScore maps u in [0,1) to a score skewed positive, as real surveys are.
func csatScore(u float64) int8 {
	switch {
	case u < 0.08:
		return 1
	case u < 0.14:
		return 2
	case u < 0.25:
		return 3
	case u < 0.52:
		return 4
	default:
		return 5
	}
}

// pickPriority gives P1–P4 at about 3/12/55/30%.
func pickPriority(u float64) int8 {
	switch {
	case u < 0.03:
		return 1
	case u < 0.15:
		return 2
	case u < 0.70:
		return 3
	default:
		return 4
	}
}

// impactUrgency returns an impact and urgency that ServiceNow's default
// priority matrix maps to priority p; k picks among the valid pairs.
func impactUrgency(p int8, k int) (int8, int8) {
	switch p {
	case 1:
		return 1, 1
	case 2:
		if k == 0 {
			return 1, 2
		}
		return 2, 1
	case 3:
		switch k {
		case 0:
			return 1, 3
		case 1:
			return 3, 1
		default:
			return 2, 2
		}
	default:
		if k == 0 {
			return 2, 3
		}
		return 3, 2
	}
}

// pickChannel gives phone 30%, email 25%, chat 15%, portal 25%, self-service 5%.
func pickChannel(u float64) channel {
	switch {
	case u < 0.30:
		return chPhone
	case u < 0.55:
		return chEmail
	case u < 0.70:
		return chChat
	case u < 0.95:
		return chPortal
	default:
		return chSelfService
	}
}

func pickIssue(w int) *issue {
	for i := range issues {
		if w < issues[i].weight {
			return &issues[i]
		}
		w -= issues[i].weight
	}
	return &issues[len(issues)-1]
}

// requesterPool builds every requester name once, so picking one per ticket
// does not allocate.
func requesterPool() []string {
	pool := make([]string, 0, len(requesterFirst)*len(requesterLast)+len(requesterWhole))
	for _, f := range requesterFirst {
		for _, l := range requesterLast {
			pool = append(pool, f+" "+l)
		}
	}
	return append(pool, requesterWhole...)
}

// pickRequester favours the whole (mostly non-Latin) names a little beyond
// their share of the pool so that every run has some.
func (s *simulator) pickRequester() string {
	r := s.r
	if r.IntN(20) == 0 {
		return requesterWhole[r.IntN(len(requesterWhole))]
	}
	return s.requesters[r.IntN(len(s.requesters))]
}
