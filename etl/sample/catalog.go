package sample

// tier is a support level; tierUnmapped marks a group that no tier pattern
// of the default tier map matches.
type tier int8

const (
	tierL0 tier = iota
	tierL1
	tierL2
	tierL3
	tierL4
	tierUnmapped
)

// groupID indexes groups.
type groupID int8

// noGroup means "no group": no vendor reached, no resolver, no group held
// yet at a tier. Events always carry a real group.
const noGroup groupID = -1

const (
	gPortal groupID = iota
	gServiceDesk
	gServiceDeskMadrid
	gL1Chat
	gNetwork2
	gApps2
	gWorkplace2
	gDatabase3
	gNetwork3
	gApps3
	gVendorAcme
	gVendorCloudCo
	gVendorSAP
	gFacilities
	numGroups
)

// group is one assignment group. The names must stay in step with the
// default tier map shipped with tierlens.
type group struct {
	name   string
	tier   tier
	agents []string
}

// groups is read-only: indexed by groupID.
var groups = [numGroups]group{
	gPortal:            {name: "Self-Service Portal", tier: tierL0},
	gServiceDesk:       {name: "Service Desk", tier: tierL1, agents: agentsServiceDesk},
	gServiceDeskMadrid: {name: "Service Desk Madrid", tier: tierL1, agents: agentsServiceDeskMadrid},
	gL1Chat:            {name: "L1 Chat", tier: tierL1, agents: agentsChat},
	gNetwork2:          {name: "Network 2nd", tier: tierL2, agents: agentsNetwork2},
	gApps2:             {name: "Apps 2nd", tier: tierL2, agents: agentsApps2},
	gWorkplace2:        {name: "Workplace 2nd", tier: tierL2, agents: agentsWorkplace2},
	gDatabase3:         {name: "Database 3rd", tier: tierL3, agents: agentsDatabase3},
	gNetwork3:          {name: "Network 3rd", tier: tierL3, agents: agentsNetwork3},
	gApps3:             {name: "Apps 3rd", tier: tierL3, agents: agentsApps3},
	gVendorAcme:        {name: "Vendor Acme Printers", tier: tierL4, agents: agentsAcme},
	gVendorCloudCo:     {name: "Vendor CloudCo", tier: tierL4, agents: agentsCloudCo},
	gVendorSAP:         {name: "Vendor SAP Support", tier: tierL4, agents: agentsSAP},
	gFacilities:        {name: "Facilities", tier: tierUnmapped, agents: agentsFacilities},
}

// sameTier lists the groups a ticket can be reassigned to sideways.
var sameTier = [...][]groupID{
	tierL1: {gServiceDesk, gServiceDeskMadrid, gL1Chat},
	tierL2: {gNetwork2, gApps2, gWorkplace2},
	tierL3: {gDatabase3, gNetwork3, gApps3},
	tierL4: {gVendorAcme, gVendorCloudCo, gVendorSAP},
}

// issue is a kind of problem: what the requester reports and who can fix it
// at each tier.
type issue struct {
	category, subcategory string
	symptom, ci           string // eventlog u_symptom and cmdb_ci ("?" when none)
	titles                []string
	weight                int
	l1Resolve             float64 // share L1 resolves when it is first handled there
	l2, l3, l4            groupID
	kbBase                int // first of three knowledge articles for this issue
	facilities            bool
}

// issues is read-only. Weights sum to 100 so they read as percentages; the
// l1Resolve values average to about 0.75 over the weights, the middle of
// the industry's 70–80% first-level target.
var issues = []issue{
	{category: "Network", subcategory: "VPN", symptom: "Connectivity lost", ci: "VPN-GW-01", weight: 10, l1Resolve: 0.70,
		titles: []string{"VPN drops every hour", "Cannot connect to VPN from home", "VPN very slow since this morning"},
		l2:     gNetwork2, l3: gNetwork3, l4: gVendorCloudCo, kbBase: 12},
	{category: "Network", subcategory: "Wireless", symptom: "Intermittent", ci: "WLAN-MAD-02", weight: 7, l1Resolve: 0.65,
		titles: []string{"Wi-Fi keeps disconnecting in meeting room 4B", "No Wi-Fi on 2nd floor", "Guest Wi-Fi password not accepted"},
		l2:     gNetwork2, l3: gNetwork3, l4: gVendorCloudCo, kbBase: 15},
	{category: "Hardware", subcategory: "Printer", symptom: "Device error", ci: "PRN-3F-01", weight: 10, l1Resolve: 0.70,
		titles: []string{"Printer on 3rd floor jams", "Cannot print to PRN-3F-01", "Printer shows toner error, toner is new"},
		l2:     gWorkplace2, l3: gNetwork3, l4: gVendorAcme, kbBase: 21},
	{category: "Hardware", subcategory: "Laptop", symptom: "Slow performance", ci: "?", weight: 9, l1Resolve: 0.72,
		titles: []string{"Laptop battery drains in an hour", "Docking station does not detect second monitor", "Laptop very slow after update", "Some keyboard keys not working"},
		l2:     gWorkplace2, l3: gApps3, l4: gVendorAcme, kbBase: 24},
	{category: "Software", subcategory: "Email", symptom: "Error message", ci: "EXO-TENANT", weight: 12, l1Resolve: 0.75,
		titles: []string{"Outlook keeps asking for password", "Shared mailbox not visible in Outlook", "Emails stuck in outbox", "Calendar invites not arriving"},
		l2:     gApps2, l3: gApps3, l4: gVendorCloudCo, kbBase: 31},
	{category: "Software", subcategory: "Collaboration", symptom: "Unable to use", ci: "TEAMS", weight: 8, l1Resolve: 0.75,
		titles: []string{"Teams calls drop after 5 minutes", "Cannot share screen in Teams", "OneDrive not syncing, files show red cross"},
		l2:     gApps2, l3: gApps3, l4: gVendorCloudCo, kbBase: 34},
	{category: "Software", subcategory: "SAP", symptom: "Error message", ci: "SAP-PRD", weight: 7, l1Resolve: 0.55,
		titles: []string{"SAP GUI error on login", "Invoice posting fails in SAP", "SAP report ZFI_001 takes forever"},
		l2:     gApps2, l3: gApps3, l4: gVendorSAP, kbBase: 41},
	{category: "Database", subcategory: "Reporting", symptom: "Timeout", ci: "DWH-PRD", weight: 5, l1Resolve: 0.40,
		titles: []string{"Monthly sales report query times out", "Data warehouse refresh failed overnight", "Cannot connect to reporting database"},
		l2:     gApps2, l3: gDatabase3, l4: gVendorCloudCo, kbBase: 44},
	{category: "Access", subcategory: "Account", symptom: "Unable to access", ci: "AD", weight: 20, l1Resolve: 0.90,
		titles: []string{"Password reset for domain account", "Account locked after holidays", "Need access to Finance shared folder", "New starter needs accounts"},
		l2:     gApps2, l3: gApps3, l4: gVendorCloudCo, kbBase: 51},
	{category: "Inquiry", subcategory: "How-to", symptom: "Question", ci: "?", weight: 11, l1Resolve: 0.92,
		titles: []string{"How do I set an out-of-office reply?", "How to connect to the meeting room screen", "Where can I find the expense form?"},
		l2:     gApps2, l3: gApps3, l4: gVendorCloudCo, kbBase: 61},
	{category: "Facilities", subcategory: "Office", symptom: "Broken", ci: "?", weight: 1, l1Resolve: 0.92, facilities: true,
		titles: []string{"Air conditioning broken in room 2.14", "Desk chair broken", "Light flickering over desk 3.22"},
		l2:     gWorkplace2, l3: gApps3, l4: gVendorAcme, kbBase: 71},
}

// issueTotalWeight is the sum of issues' weights.
const issueTotalWeight = 100

// groupAt returns the group an issue escalates to at tier k.
func (is *issue) groupAt(k tier) groupID {
	switch k {
	case tierL2:
		return is.l2
	case tierL3:
		return is.l3
	default:
		return is.l4
	}
}
