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
	"header.filter":    {"Filtered to", "Filtrado por"},
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
	"section.other":    {"Other KPIs", "Otros KPI"},
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
	// the pack's Tickets sheet
	"tk.number":                    {"Number", "Número"},
	"tk.source":                    {"Source", "Origen"},
	"tk.title":                     {"Title", "Título"},
	"tk.priority":                  {"Priority", "Prioridad"},
	"tk.channel":                   {"Channel", "Canal"},
	"tk.category":                  {"Category", "Categoría"},
	"tk.status":                    {"Status", "Estado"},
	"tk.created_at":                {"Created", "Creado"},
	"tk.first_response_at":         {"First response", "Primera respuesta"},
	"tk.resolved_at":               {"Resolved", "Resuelto"},
	"tk.closed_at":                 {"Closed", "Cerrado"},
	"tk.entry_tier":                {"Entry tier", "Nivel de entrada"},
	"tk.resolving_tier":            {"Resolving tier", "Nivel que resolvió"},
	"tk.max_tier":                  {"Highest tier", "Nivel más alto"},
	"tk.escalations":               {"Escalations", "Escalados"},
	"tk.reassignments":             {"Moves", "Movimientos"},
	"tk.assignment_group":          {"Group", "Grupo"},
	"tk.vendor":                    {"Vendor", "Proveedor"},
	"tk.agent":                     {"Agent", "Agente"},
	"tk.first_response_hours":      {"First response (h)", "Primera respuesta (h)"},
	"tk.resolution_hours":          {"Resolution (h)", "Resolución (h)"},
	"tk.resolution_business_hours": {"Resolution, business (h)", "Resolución, horas hábiles"},
	"tk.sla_response":              {"SLA response", "SLA respuesta"},
	"tk.sla_resolution":            {"SLA resolution", "SLA resolución"},
	"tk.reopened":                  {"Reopened", "Reabierto"},
	"tk.reopened_7d":               {"Reopened within 7 days", "Reabierto en 7 días"},
	"tk.csat":                      {"CSAT", "CSAT"},
	"tk.knowledge":                 {"KB article", "Artículo KB"},
	// the Excel pack (dashboards/pack)
	"pack.tickets":        {"tickets", "tickets"},
	"pack.history.events": {"event history", "con historial de eventos"},
	"pack.history.flat":   {"no event history (flat export)", "sin historial de eventos (exportación plana)"},
	"pack.history.mixed":  {"partly without event history", "en parte sin historial de eventos"},
	"pack.all_tiers":      {"All tiers", "Todos los niveles"},
	"pack.tier":           {"Tier", "Nivel"},
	"pack.value":          {"Value", "Valor"},
	"pack.numerator":      {"Met", "Cumplen"},
	"pack.denominator":    {"Of", "De"},
	"pack.sample":         {"Sample", "Muestra"},
	// series and columns
	"s.created":                   {"Created", "Creados"},
	"s.resolved":                  {"Resolved", "Resueltos"},
	"s.backlog":                   {"Open backlog", "Backlog abierto"},
	"s.fcr":                       {"First-contact resolution", "Resolución primer contacto"},
	"s.response_after_escalation": {"Response after escalation, hours", "Respuesta tras escalado, horas"},
	"s.escalation_rate":           {"Escalation rate", "Tasa de escalado"},
	"s.ola":                       {"OLA attainment", "Cumplimiento de OLA"},
	"s.flr":                       {"First-level resolution", "Resolución primer nivel"},
	"s.median":                    {"Median", "Mediana"},
	"s.p90":                       {"90th percentile", "Percentil 90"},
	"s.response":                  {"Response", "Respuesta"},
	"s.resolution":                {"Resolution", "Resolución"},
	"s.resolved_at":               {"Resolved at the tier", "Resueltos en el nivel"},
	"s.escalated":                 {"Escalated", "Escalados"},
	"s.time_in_tier":              {"Median time in tier (h)", "Mediana de tiempo en nivel (h)"},
	"s.breaches":                  {"Time-limit breaches", "Superaciones del límite"},
	"s.positive":                  {"Positive", "Positivas"},
	"s.target":                    {"Target", "Objetivo"},
	"c.period":                    {"Period", "Periodo"},
	"c.tier":                      {"Tier", "Nivel"},
	"c.priority":                  {"Priority", "Prioridad"},
	"c.vendor":                    {"Vendor", "Proveedor"},
	"c.age":                       {"Age (days)", "Antigüedad (días)"},
	"c.total":                     {"Total", "Total"},
	"c.n":                         {"Sample", "Muestra"},
	"c.from":                      {"From", "Desde"},
	"c.to":                        {"To", "Hasta"},
	"c.tickets":                   {"Tickets", "Tickets"},
	"c.stays":                     {"Stays", "Estancias"},
	"c.limit":                     {"Limit (h)", "Límite (h)"},
	"c.met":                       {"met", "cumplidos"},
	"c.of":                        {"of", "de"},
	"c.responses":                 {"Responses", "Respuestas"},
	"c.response_rate":             {"Response rate", "Tasa de respuesta"},
	"c.escalated":                 {"Escalated", "Escalados"},
	"c.rate":                      {"Rate", "Tasa"},
	"c.mttr":                      {"MTTR median (h)", "MTTR mediana (h)"},
	"c.time_in_tier":              {"Time in tier median (h)", "Tiempo en nivel mediana (h)"},
	"c.reopen":                    {"Reopen rate", "Tasa de reapertura"},
	"c.csat":                      {"CSAT", "CSAT"},
	"c.contract":                  {"Contract attainment", "Cumplimiento del contrato"},
	"flow.resolved":               {"Resolved", "Resuelto"},
	"flow.open":                   {"Still open", "Sigue abierto"},
	"flow.cancelled":              {"Cancelled", "Cancelado"},
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
