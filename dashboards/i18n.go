package dashboards

import (
	"fmt"
	"slices"
)

// Languages a dashboard can be written in.
var Languages = []string{"en", "es"}

// CheckLang reports whether lang is one of Languages.
func CheckLang(lang string) error {
	if !slices.Contains(Languages, lang) {
		return fmt.Errorf("language %q: use en or es", lang)
	}
	return nil
}

// messages is the catalog of interface text: key → [English, Spanish].
var messages = map[string][2]string{
	// header
	"title":            {"Help desk KPIs", "KPI del service desk"},
	"period.week":      {"Week", "Semana"},
	"period.month":     {"Month", "Mes"},
	"period.quarter":   {"Quarter", "Trimestre"},
	"period.day":       {"Day", "Día"},
	"period.range":     {"%s to %s", "del %s al %s"},
	"header.data":      {"Data", "Datos"},
	"header.tickets":   {"tickets", "tickets"},
	"header.sources":   {"Sources", "Fuentes"},
	"header.loads":     {"Loads", "Cargas"},
	"header.rejected":  {"rejected records", "registros rechazados"},
	"header.generated": {"Generated from", "Generado a partir de"},
	"header.config":    {"configuration", "configuración"},
	"header.defs":      {"metric definitions", "definiciones de métricas"},
	"header.stamp":     {"Generated at", "Generado el"},
	"header.zone":      {"Time zone", "Zona horaria"},
	"header.trend":     {"Trend", "Tendencia"},
	"tier.unmapped":    {"Unmapped groups", "Grupos sin mapear"},
	"tier.none":        {"No group", "Sin grupo"},
	"history.events":   {"event history", "historial de eventos"},
	"history.flat":     {"flat export", "exportación plana"},
	"history.mixed":    {"events and flat", "eventos y plana"},
	// notices
	"notices":         {"Data quality", "Calidad de los datos"},
	"notice.unmapped": {"Assignment groups that match no tier rule (%d) held %d tickets in this period: their work counts under “unmapped”. Add them to tier_map in tierlens.yaml.", "Grupos de asignación sin regla de nivel (%d) tuvieron %d tickets en este periodo: su trabajo cuenta como «unmapped». Añádalos a tier_map en tierlens.yaml."},
	"notice.stale":    {"These figures come from derived tables that are not up to date; the next tierlens load brings them up to date:", "Estas cifras vienen de tablas derivadas que no están al día; la próxima carga de tierlens las actualiza:"},
	"notice.flat":     {"%d tickets active in this period come from flat exports without event history: KPIs that need the history (FCR, escalations, time in tier) leave them out.", "%d tickets activos en este periodo vienen de exportaciones planas sin historial de eventos: los KPI que necesitan el historial (FCR, escalados, tiempo en nivel) no los cuentan."},
	"notice.rejects":  {"%d records were rejected by the loads behind this period: the tickets they describe may be missing or out of date.", "%d registros fueron rechazados en las cargas de este periodo: los tickets que describen pueden faltar o estar desactualizados."},
	"notice.findings": {"Data-quality findings (tierlens status --findings NAME lists every case):", "Hallazgos de calidad de datos (tierlens status --findings NOMBRE lista cada caso):"},
	"notice.finding":  {"%s: %d", "%s: %d"},
	"notice.limited":  {"Some KPIs are limited by the data:", "Algunos KPI están limitados por los datos:"},
	"notice.failed":   {"Some KPIs could not be computed (fix the metric file, see tierlens metrics lint):", "Algunos KPI no se pudieron calcular (corrija el fichero de la métrica, vea tierlens metrics lint):"},
	"notice.tickets":  {"%s (%d tickets)", "%s (%d tickets)"},
	"notice.records":  {"%s: %d records (%s)", "%s: %d registros (%s)"},
	// tiles
	"tiles":               {"Key figures", "Cifras clave"},
	"tile.target":         {"Target", "Objetivo"},
	"tile.vs":             {"vs %s", "vs %s"},
	"tile.n":              {"n = %s", "n = %s"},
	"state.no_data":       {"No data", "Sin datos"},
	"state.not_available": {"Not available from this source", "No disponible en esta fuente"},
	"state.failed":        {"Could not be computed", "No se pudo calcular"},
	"state.missing":       {"Not in the metric catalog yet", "Aún no está en el catálogo de métricas"},
	"rag.green":           {"on target", "en objetivo"},
	"rag.amber":           {"near target", "cerca del objetivo"},
	"rag.red":             {"off target", "fuera de objetivo"},
	"rag.legend":          {"Green: on target. Amber: within 5 percentage points (ratios) or 10% (times, counts) of it. Red: further off. Arrows: change against the previous period, green when it is an improvement.", "Verde: en objetivo. Ámbar: a menos de 5 puntos porcentuales (ratios) o del 10 % (tiempos, recuentos). Rojo: más lejos. Flechas: cambio frente al periodo anterior, en verde cuando es una mejora."},
	"better.better":       {"better", "mejor"},
	"better.worse":        {"worse", "peor"},
	"better.same":         {"unchanged", "sin cambios"},
	// sections and charts
	"section.volume":   {"Volume and backlog", "Volumen y backlog"},
	"section.speed":    {"Speed", "Velocidad"},
	"section.sla":      {"Service levels", "Niveles de servicio"},
	"section.tiers":    {"Tier performance", "Rendimiento por nivel"},
	"section.flow":     {"Escalation flow", "Flujo de escalado"},
	"section.vendors":  {"Vendors (L4)", "Proveedores (L4)"},
	"section.csat":     {"Customer satisfaction", "Satisfacción del cliente"},
	"chart.volume":     {"Created vs resolved, and open backlog", "Creados frente a resueltos, y backlog abierto"},
	"chart.aging":      {"Backlog aging by tier at period end", "Antigüedad del backlog por nivel al cierre del periodo"},
	"chart.mttr":       {"Resolution time (MTTR) per tier, hours", "Tiempo de resolución (MTTR) por nivel, horas"},
	"chart.frt":        {"First response time per tier, hours", "Tiempo de primera respuesta por nivel, horas"},
	"chart.sla_tier":   {"SLA attainment per tier", "Cumplimiento de SLA por nivel"},
	"chart.sla_prio":   {"SLA attainment per priority", "Cumplimiento de SLA por prioridad"},
	"chart.fcr":        {"First-contact and first-level resolution", "Resolución en el primer contacto y en primer nivel"},
	"chart.rve":        {"Resolve vs escalate per tier", "Resolver frente a escalar por nivel"},
	"chart.flow":       {"Escalation flow of the tickets created in the period", "Flujo de escalado de los tickets creados en el periodo"},
	"chart.tit":        {"Time in tier and time-limit breaches", "Tiempo en nivel y superaciones del límite de tiempo"},
	"chart.vendors":    {"Tickets resolved per vendor", "Tickets resueltos por proveedor"},
	"chart.csat":       {"CSAT (positive rate) per tier", "CSAT (tasa positiva) por nivel"},
	"table.vendors":    {"Vendor scorecard", "Cuadro de proveedores"},
	"table.flow":       {"Moves between tiers", "Movimientos entre niveles"},
	"note.flow":        {"Each column is a step of the tickets' path; a ticket that goes back to a tier appears again further right, so bounces stay visible.", "Cada columna es un paso del recorrido de los tickets; un ticket que vuelve a un nivel aparece de nuevo más a la derecha, así los rebotes se ven."},
	"note.aging":       {"Business days since creation.", "Días hábiles desde la creación."},
	"note.sla_missing": {"SLA attainment metrics are not in the metric catalog yet.", "Las métricas de cumplimiento de SLA aún no están en el catálogo."},
	"empty.period":     {"No data for this period.", "Sin datos para este periodo."},
	"empty.vendors":    {"No vendor (L4) group held tickets in this period.", "Ningún grupo de proveedor (L4) tuvo tickets en este periodo."},
	// series and columns
	"s.created":       {"Created", "Creados"},
	"s.resolved":      {"Resolved", "Resueltos"},
	"s.backlog":       {"Open backlog", "Backlog abierto"},
	"s.fcr":           {"First-contact resolution", "Resolución primer contacto"},
	"s.flr":           {"First-level resolution", "Resolución primer nivel"},
	"s.median":        {"Median", "Mediana"},
	"s.p90":           {"90th percentile", "Percentil 90"},
	"s.response":      {"Response", "Respuesta"},
	"s.resolution":    {"Resolution", "Resolución"},
	"s.resolved_at":   {"Resolved at the tier", "Resueltos en el nivel"},
	"s.escalated":     {"Escalated", "Escalados"},
	"s.time_in_tier":  {"Median time in tier (h)", "Mediana de tiempo en nivel (h)"},
	"s.breaches":      {"Time-limit breaches", "Superaciones del límite"},
	"s.positive":      {"Positive", "Positivas"},
	"s.target":        {"Target", "Objetivo"},
	"c.period":        {"Period", "Periodo"},
	"c.tier":          {"Tier", "Nivel"},
	"c.priority":      {"Priority", "Prioridad"},
	"c.vendor":        {"Vendor", "Proveedor"},
	"c.age":           {"Age (days)", "Antigüedad (días)"},
	"c.total":         {"Total", "Total"},
	"c.n":             {"Sample", "Muestra"},
	"c.from":          {"From", "Desde"},
	"c.to":            {"To", "Hasta"},
	"c.tickets":       {"Tickets", "Tickets"},
	"c.stays":         {"Stays", "Estancias"},
	"c.limit":         {"Limit (h)", "Límite (h)"},
	"c.met":           {"met", "cumplidos"},
	"c.of":            {"of", "de"},
	"c.responses":     {"Responses", "Respuestas"},
	"c.response_rate": {"Response rate", "Tasa de respuesta"},
	"c.escalated":     {"Escalated", "Escalados"},
	"c.rate":          {"Rate", "Tasa"},
	"c.mttr":          {"MTTR median (h)", "MTTR mediana (h)"},
	"c.time_in_tier":  {"Time in tier median (h)", "Tiempo en nivel mediana (h)"},
	"c.reopen":        {"Reopen rate", "Tasa de reapertura"},
	"c.csat":          {"CSAT", "CSAT"},
	"c.contract":      {"Contract attainment", "Cumplimiento del contrato"},
	"flow.resolved":   {"Resolved", "Resuelto"},
	"flow.open":       {"Still open", "Sigue abierto"},
	"flow.cancelled":  {"Cancelled", "Cancelado"},
	// definitions
	"definitions":     {"Definitions", "Definiciones"},
	"def.formula":     {"Formula", "Fórmula"},
	"def.target":      {"Target", "Objetivo"},
	"def.up":          {"higher is better", "más alto es mejor"},
	"def.down":        {"lower is better", "más bajo es mejor"},
	"def.file":        {"Definition", "Definición"},
	"def.hash":        {"Definitions hash %s: the same hash means the same SQL behind every number.", "Huella de las definiciones %s: la misma huella significa el mismo SQL detrás de cada cifra."},
	"formula.ratio":   {"numerator ÷ denominator as described, over the period", "numerador ÷ denominador según la descripción, en el periodo"},
	"formula.minutes": {"the statistic named in the title over the period's sample, shown in hours", "el estadístico del título sobre la muestra del periodo, en horas"},
	"formula.count":   {"a count over the period", "un recuento en el periodo"},
	"footer":          {"Made with tierlens %s. Every figure comes from the metric definitions listed above.", "Hecho con tierlens %s. Cada cifra sale de las definiciones de métricas indicadas arriba."},
}

// Text is the interface text for key in lang (English when lang is unknown); a missing key
// reads as the key itself so a gap shows instead of failing.
func Text(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == "es" {
		return m[1]
	}
	return m[0]
}

// Textf is Text used as a format.
func Textf(lang, key string, a ...any) string { return fmt.Sprintf(Text(lang, key), a...) }

// metricText is what the dashboard says about a metric beyond its file header: Spanish title
// and description, and its formula in plain words in both languages.
type metricText struct {
	TitleES, DescES, FormulaEN, FormulaES string
}

// metricTexts are keyed by metric name, or by the role of a metric found by pattern (SLA).
var metricTexts = map[string]metricText{
	"created": {"Tickets creados",
		"Tickets abiertos en el periodo, por el nivel del primer grupo al que se asignaron (nivel «(none)»: nunca asignados a un grupo).",
		"count of tickets whose creation time falls in the period",
		"número de tickets cuya fecha de creación cae en el periodo"},
	"resolved": {"Tickets resueltos",
		"Tickets cuya última resolución cae en el periodo, por el nivel que los tenía al resolverse. Un ticket reabierto cuenta en el periodo de su última resolución; los cancelados no cuentan.",
		"count of tickets whose last resolution falls in the period",
		"número de tickets cuya última resolución cae en el periodo"},
	"backlog": {"Backlog abierto al cierre",
		"Tickets abiertos al final del periodo: creados antes y, según su historial de estados, no resueltos, cerrados ni cancelados en ese momento; por el nivel que los tenía.",
		"count of tickets created before the period's end and not resolved, closed or cancelled at that moment",
		"número de tickets creados antes del fin del periodo y no resueltos, cerrados ni cancelados en ese momento"},
	"backlog_aging": {"Antigüedad del backlog",
		"El backlog abierto al final del periodo por antigüedad: días naturales desde la creación, en tramos 0-1, 2-5, 6-10, 11-30 y >30 días.",
		"backlog at the period's end, counted per age bucket (days since creation)",
		"backlog al final del periodo, contado por tramo de antigüedad (días desde la creación)"},
	"resolution_time": {"Tiempo de resolución (MTTR)",
		"Mediana de minutos naturales desde la creación hasta la última resolución, sobre los tickets resueltos en el periodo, por el nivel que los resolvió.",
		"median of (last resolution − creation) over the tickets resolved in the period",
		"mediana de (última resolución − creación) sobre los tickets resueltos en el periodo"},
	"resolution_time_p90": {"Tiempo de resolución (percentil 90)",
		"Percentil 90 de los minutos naturales desde la creación hasta la última resolución, sobre los tickets resueltos en el periodo.",
		"90th percentile of (last resolution − creation) over the tickets resolved in the period",
		"percentil 90 de (última resolución − creación) sobre los tickets resueltos en el periodo"},
	"first_response_time": {"Tiempo de primera respuesta",
		"Mediana de minutos naturales desde la creación hasta la primera respuesta, sobre los tickets respondidos por primera vez en el periodo, por el nivel que los tenía entonces.",
		"median of (first response − creation) over the tickets first responded to in the period",
		"mediana de (primera respuesta − creación) sobre los tickets respondidos por primera vez en el periodo"},
	"first_response_time_p90": {"Tiempo de primera respuesta (percentil 90)",
		"Percentil 90 de los minutos naturales desde la creación hasta la primera respuesta, sobre los tickets respondidos por primera vez en el periodo.",
		"90th percentile of (first response − creation) over the tickets first responded to in the period",
		"percentil 90 de (primera respuesta − creación) sobre los tickets respondidos por primera vez en el periodo"},
	"fcr": {"Resolución en el primer contacto (estricta)",
		"Proporción de tickets que entran por primera línea (L1) y se resuelven por primera vez en el periodo que se resolvieron allí: sin pasar por un nivel superior ni un grupo sin mapear, sin reabrirse en 7 días y con como mucho una respuesta del agente cuando la fuente registra respuestas.",
		"tickets resolved at L1 without escalation, reopen (7 days) or more than one agent reply ÷ tickets entering at L1 first resolved in the period",
		"tickets resueltos en L1 sin escalado, sin reapertura (7 días) y con una respuesta como mucho ÷ tickets que entran por L1 resueltos por primera vez en el periodo"},
	"first_level_resolution": {"Resolución en primer nivel",
		"Proporción de tickets resueltos en el periodo que entraron por autoservicio o primera línea (L0-L1) y se resolvieron sin llegar nunca a un nivel superior ni a un grupo sin mapear.",
		"tickets entering at L0–L1 resolved without ever reaching L2+ ÷ tickets entering at L0–L1 resolved in the period",
		"tickets que entran por L0–L1 resueltos sin llegar nunca a L2+ ÷ tickets que entran por L0–L1 resueltos en el periodo"},
	"resolve_vs_escalate": {"Resolver frente a escalar",
		"Por nivel: estancias terminadas en el periodo con una resolución en el nivel ÷ estancias terminadas con una resolución o con un escalado a un nivel superior.",
		"stays ended by a resolution at the tier ÷ stays ended by a resolution or an escalation",
		"estancias terminadas con resolución en el nivel ÷ estancias terminadas con resolución o escalado"},
	"time_in_tier": {"Tiempo en nivel",
		"Mediana de minutos naturales de una estancia en un nivel (un grupo trabajando el ticket hasta que lo pasa o termina el trabajo), sobre las estancias terminadas en el periodo.",
		"median length of the tier stays that ended in the period",
		"mediana de la duración de las estancias en el nivel terminadas en el periodo"},
	"time_limit_breaches": {"Superaciones del límite de tiempo",
		"Proporción de estancias terminadas en el periodo que duraron más que el time_limit de su nivel (p. ej. L1: escalar tras 15 minutos); los niveles sin límite no tienen valor.",
		"stays longer than the tier's time limit ÷ stays ended in the period",
		"estancias más largas que el límite del nivel ÷ estancias terminadas en el periodo"},
	"csat_positive_rate": {"CSAT (tasa positiva)",
		"Proporción de respuestas de satisfacción positivas (4 o 5 de 5) sobre los tickets resueltos en el periodo con respuesta, por el nivel que los resolvió.",
		"positive responses (4–5 of 5) ÷ responses, over the tickets resolved in the period",
		"respuestas positivas (4–5 de 5) ÷ respuestas, sobre los tickets resueltos en el periodo"},
	"csat_response_rate": {"Tasa de respuesta CSAT",
		"Proporción de tickets resueltos en el periodo que recibieron una respuesta de satisfacción, en las fuentes que registran satisfacción.",
		"tickets with a satisfaction response ÷ tickets resolved in the period",
		"tickets con respuesta de satisfacción ÷ tickets resueltos en el periodo"},
	"reopen_rate": {"Tasa de reapertura",
		"Proporción de tickets resueltos por primera vez en el periodo que se reabrieron en los 7 días siguientes, por el nivel que los resolvió.",
		"tickets reopened within 7 days of their first resolution ÷ tickets first resolved in the period",
		"tickets reabiertos en los 7 días siguientes a su primera resolución ÷ tickets resueltos por primera vez en el periodo"},
	"role:sla_response": {"Cumplimiento del SLA de respuesta",
		"Proporción de relojes de SLA de respuesta detenidos en el periodo dentro de su objetivo (tiempo laborable, sin pausas).",
		"response SLA clocks stopped within target ÷ response SLA clocks stopped in the period (met + breached)",
		"relojes de SLA de respuesta detenidos dentro del objetivo ÷ relojes detenidos en el periodo (cumplidos + incumplidos)"},
	"role:sla_resolution": {"Cumplimiento del SLA de resolución",
		"Proporción de relojes de SLA de resolución detenidos en el periodo dentro de su objetivo (tiempo laborable, sin pausas).",
		"resolution SLA clocks stopped within target ÷ resolution SLA clocks stopped in the period (met + breached)",
		"relojes de SLA de resolución detenidos dentro del objetivo ÷ relojes detenidos en el periodo (cumplidos + incumplidos)"},
	"ola_attainment": {"Cumplimiento de OLA",
		"Proporción de estancias en un nivel terminadas en el periodo dentro del objetivo operativo (ola) del nivel.",
		"tier stays within the tier's OLA ÷ tier stays ended in the period",
		"estancias dentro del OLA del nivel ÷ estancias terminadas en el periodo"},
	"vendor_attainment": {"Cumplimiento del contrato del proveedor",
		"Proporción de estancias en proveedores (L4) terminadas en el periodo dentro del objetivo del contrato; el reloj del proveedor no se pausa.",
		"vendor stays within the contract target ÷ vendor stays ended in the period",
		"estancias en proveedor dentro del objetivo del contrato ÷ estancias terminadas en el periodo"},
}
