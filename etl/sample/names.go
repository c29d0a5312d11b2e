package sample

// Names are fictional. Some are deliberately non-Latin, accented or carry
// an apostrophe, because real directories do and importers, SQL and
// renderers must cope with them.

var (
	agentsServiceDesk       = []string{"Lucía García", "Marco Rossi", "Ana Fernández", "李小龙", "Kevin O'Brien", "Zoë Ångström", "Pablo Ruiz", "Fatima Zahra"}
	agentsServiceDeskMadrid = []string{"Javier López", "Carmen Díaz", "Олег", "Sofía Martín", "Iñaki Etxeberria", "Laura Gómez", "Hugo Sánchez"}
	agentsChat              = []string{"Σωκράτης", "Emma Wilson", "Nguyễn Thị Hoa", "David Moreno", "Chloé Lefèvre", "Raúl Navarro"}
	agentsNetwork2          = []string{"Jürgen Groß", "Elena Torres", "Søren Østergaard", "Miguel Ortega", "Priya Natarajan"}
	agentsApps2             = []string{"Ayşe Yılmaz", "Carlos Jiménez", "Małgorzata Wiśniewska", "Tom Becker", "Paula Romero"}
	agentsWorkplace2        = []string{"Andrés Castillo", "Ingrid Johansson", "Rafael Molina", "Yuki Tanaka"}
	agentsDatabase3         = []string{"Dmitri Volkov", "Beatriz Herrera", "Ólafur Þórsson", "Grace Hopper-Lee"}
	agentsNetwork3          = []string{"Hamid Rahimi", "Teresa Vidal", "Lars Nilsson"}
	agentsApps3             = []string{"محمد الأحمد", "Nuria Blanco", "Peter Novák", "Julia Kowalska"}
	agentsAcme              = []string{"Acme Field Tech 1", "Acme Field Tech 2", "Brian D'Souza"}
	agentsCloudCo           = []string{"CloudCo Support", "Mei Chen (CloudCo)", "Ravi Kumar (CloudCo)"}
	agentsSAP               = []string{"SAP Support Desk", "Klaus Weber (SAP)", "Anja Schmidt (SAP)"}
	agentsFacilities        = []string{"Manuel Prieto", "Rosa Campos", "Facilities Team"}
)

// Requesters are first × last combinations plus whole names that do not
// split that way.
var (
	requesterFirst = []string{"María", "José", "Antonio", "Carmen", "Juan", "Isabel", "Francisco", "Pilar",
		"Manuel", "Dolores", "David", "Laura", "Daniel", "Cristina", "Alejandro", "Marta", "John", "Sarah",
		"Pierre", "Giulia", "Hans", "Anna", "Ahmed", "Noa", "Wei", "Ingrid", "Tomás", "Zoë", "Björn", "Inés"}
	requesterLast = []string{"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
		"Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
		"Romero", "Smith", "Dubois", "Bianchi", "Müller", "Nowak", "O'Connor", "Cohen", "Ångström", "Núñez", "Peña"}
	requesterWhole = []string{"李小龙", "Σωκράτης", "Олег", "Олег Петров", "Zoë Ångström", "王芳", "Σοφία Παπαδοπούλου",
		"Αλέξανδρος", "Наталья Иванова", "佐藤 花子", "김민준", "محمد علي", "Nguyễn Văn An", "Łukasz Żółć", "Ólafur Þórsson"}
)

var locations = []string{"Madrid HQ", "Madrid HQ", "Madrid HQ", "Barcelona Office", "Valencia Office", "Sevilla Office", "Remote", "Remote"}

// hostile holds strings that break naive CSV, HTML and spreadsheet code.
// Each appears at least once whenever Tickets >= 200 (see hostileFor).
var hostile = [...]string{
	`</script><script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`=HYPERLINK("http://evil.example","click")`,
	`+SUM(1,2)`,
	`@cmd`,
	`-2+3`,
	`🔥 Outlook down 🔥`,
	"Printer \"HP-3F, tray 2\" jams,\nagain after the fix",
}

// hostileSpot says where a ticket's hostile string goes.
type hostileSpot uint8

const (
	spotNone hostileSpot = iota
	spotTitle
	spotRequester
	spotAgent
)

// forcedSpot is where the guaranteed copy of each hostile string goes:
// titles and requesters exist on every ticket in every format, agents do
// not (a ticket may never be picked up).
var forcedSpot = [len(hostile)]hostileSpot{spotTitle, spotRequester, spotTitle, spotRequester, spotRequester, spotTitle, spotTitle, spotTitle}
