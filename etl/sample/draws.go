package sample

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
