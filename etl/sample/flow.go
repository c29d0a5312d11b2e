package sample

import "math"

// Per-tier parameters, indexed by tier (L0 is unused: it has no agents;
// the last entry is the unmapped Facilities group). Durations are medians
// in seconds of working time at P3, scaled by priorityFactor.
var (
	pickupMedian = [...]float64{0, 15 * 60, 90 * 60, 4 * 3600, 6 * 3600, 3 * 3600}
	workMedian   = [...]float64{0, 35 * 60, 5 * 3600, 14 * 3600, 24 * 3600, 8 * 3600}
	replyProb    = [...]float64{0, 0.60, 0.70, 0.60, 0.70, 0.50}
	noteProb     = [...]float64{0, 0.05, 0.25, 0.35, 0.20, 0.10}
	pendingProb  = [...]float64{0, 0.10, 0.18, 0.22, 0.30, 0.10}
	sidewaysProb = [...]float64{0, 0.06, 0.09, 0.08, 0.03, 0}
)

// priorityFactor scales durations by priority: urgent tickets are picked up
// and worked faster, low ones wait longer.
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
