package sample

// eventKind is what happened; the names are the generic format's vocabulary.
type eventKind uint8

const (
	evCreated eventKind = iota
	evAssigned
	evStatus
	evReply
	evReopened
	evResolved
	evClosed
	evCSAT
)

func (k eventKind) String() string {
	switch k {
	case evCreated:
		return "created"
	case evAssigned:
		return "assigned"
	case evStatus:
		return "status"
	case evReply:
		return "reply"
	case evReopened:
		return "reopened"
	case evResolved:
		return "resolved"
	case evClosed:
		return "closed"
	default:
		return "csat"
	}
}

// status is the canonical ticket status after an event.
type status uint8

const (
	stNew status = iota
	stOpen
	stPending
	stResolved
	stClosed
	stCancelled
)

func (s status) String() string {
	switch s {
	case stNew:
		return "new"
	case stOpen:
		return "open"
	case stPending:
		return "pending"
	case stResolved:
		return "resolved"
	case stClosed:
		return "closed"
	default:
		return "cancelled"
	}
}

// waitReason says why a pending ticket waits; it becomes the event log's
// "Awaiting ..." state.
type waitReason uint8

const (
	waitNone waitReason = iota
	waitUser
	waitVendor
	waitProblem
)

// actor is who made a change.
type actor uint8

const (
	byAgent actor = iota
	byCustomer
	bySystem
)

// noAgent marks "nobody assigned".
const noAgent int8 = -1

// event is one change to a ticket. group/agent are the assignment after the
// event; byGroup/byAgent name the agent who made it when actor is byAgent.
type event struct {
	at      int64 // unix seconds
	kind    eventKind
	status  status
	wait    waitReason
	actor   actor
	public  bool
	group   groupID
	agent   int8
	byGroup groupID
	byAgent int8
	csat    int8
}

// ticket is one simulated ticket: its attributes, its events in
// chronological order, and the case-level outcome derived from them.
type ticket struct {
	seq       int   // 1-based, in creation order
	created   int64 // unix seconds
	priority  int8  // 1..4
	impact    int8  // 1..3
	urgency   int8  // 1..3
	channel   channel
	issue     *issue
	title     string
	requester string
	location  string
	kb        string // knowledge article used to resolve, "" when none
	kbFrom    int    // index of the resolution event that used kb
	csat      int8   // 0 when no survey answer
	events    []event

	hostile      string
	hostileSpot  hostileSpot
	hostileGroup groupID // the agent whose name is replaced, spotAgent only
	hostileAgent int8

	// Derived by finish.
	final         status
	wait          waitReason
	resolvedAt    int64 // last resolution, 0 unless the ticket ends resolved or closed
	closedAt      int64 // close or cancel time, 0 when still active
	updated       int64
	resolverGroup groupID
	resolverAgent int8
	vendor        groupID // last L4 group visited, noGroup when none
	reassignments int
	reopens       int
	madeSLA       bool
}

// agentName is the display name of agent a of group g, "" for nobody.
func (t *ticket) agentName(g groupID, a int8) string {
	if a < 0 || g < 0 {
		return ""
	}
	if t.hostileSpot == spotAgent && g == t.hostileGroup && a == t.hostileAgent {
		return t.hostile
	}
	return groups[g].agents[a]
}

// slaTarget is the calendar resolution target per priority (P1 4h, P2 8h,
// P3 24h, P4 72h); the source-system flag made_sla is computed from it.
func slaTarget(priority int8) int64 {
	switch priority {
	case 1:
		return 4 * hour
	case 2:
		return 8 * hour
	case 3:
		return 24 * hour
	default:
		return 72 * hour
	}
}

// finish derives the case-level fields from the events; end is the
// generation End (what "now" is for tickets still open).
func (t *ticket) finish(end int64) {
	t.resolvedAt, t.closedAt = 0, 0
	t.resolverGroup, t.resolverAgent = noGroup, noAgent
	t.vendor = noGroup
	t.reassignments, t.reopens = 0, 0
	prevGroup := noGroup
	for i := range t.events {
		e := &t.events[i]
		if prevGroup != noGroup && e.group != prevGroup {
			t.reassignments++
		}
		prevGroup = e.group
		if e.group >= 0 && groups[e.group].tier == tierL4 {
			t.vendor = e.group
		}
		switch e.kind {
		case evReopened:
			t.reopens++
		case evResolved:
			t.resolvedAt = e.at
			t.resolverGroup, t.resolverAgent = e.group, e.agent
		case evClosed:
			t.closedAt = e.at
		case evStatus:
			if e.status == stCancelled {
				t.closedAt = e.at
			}
		}
	}
	last := t.events[len(t.events)-1]
	t.final, t.wait, t.updated = last.status, last.wait, last.at
	// A csat answer does not update the incident itself.
	for i := len(t.events) - 1; i >= 0; i-- {
		if t.events[i].kind != evCSAT {
			t.updated = t.events[i].at
			break
		}
	}
	switch t.final {
	case stResolved, stClosed:
		t.madeSLA = t.resolvedAt-t.created <= slaTarget(t.priority)
	case stCancelled:
		t.madeSLA = true
		t.resolvedAt = 0
	default:
		t.resolvedAt = 0
		t.resolverGroup, t.resolverAgent = noGroup, noAgent
		t.madeSLA = end-t.created <= slaTarget(t.priority)
	}
}

// channel is how the ticket reached the desk.
type channel uint8

const (
	chPhone channel = iota
	chEmail
	chChat
	chPortal
	chSelfService
)

func (c channel) String() string {
	switch c {
	case chPhone:
		return "phone"
	case chEmail:
		return "email"
	case chChat:
		return "chat"
	case chPortal:
		return "portal"
	default:
		return "self-service"
	}
}
