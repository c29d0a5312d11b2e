package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// simulator plays tickets one at a time. Besides read-only tables it holds
// only the current ticket's state, so memory stays flat however many
// tickets are made. The flow of a ticket through the tiers is in flow.go,
// the draws of its attributes in draws.go.
type simulator struct {
	cal  *calendar
	end  int64
	seed uint64
	n    int

	// Everything about ticket seq comes from its own stream, seeded from
	// (Seed, seq), so a ticket does not depend on the ones before it.
	seq int
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
	s := &simulator{cal: cal, end: end, seed: seed, n: n}
	s.r = rand.New(&s.pcg)
	s.requesters = requesterPool()
	s.kbIDs = make([]string, 100)
	for i := range s.kbIDs {
		s.kbIDs[i] = fmt.Sprintf("KB%04d", i)
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
	s.seq++
	s.pcg.Seed(splitmix64(s.seed^uint64(s.seq)), splitmix64(uint64(s.seq)+s.seed*0x2545f4914f6cdd1d))
	// Ticket seq takes a random point of the seq-th of n equal slices of
	// the arrival distribution: creation times increase with the number,
	// as in a real system, without holding all tickets to sort them. The
	// calendar's busy and quiet days supply the day-to-day variation.
	x := (float64(s.seq-1) + s.r.Float64()) / float64(s.n)
	s.play(t, s.cal.createdAt(min(x, math.Nextafter(1, 0))))
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
