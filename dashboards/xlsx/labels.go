package xlsx

import (
	"fmt"
	"strings"
)

// Languages the pack can be written in.
var Languages = []string{"en", "es"}

// labels is the pack's interface text: key → [English, Spanish].
var labels = map[string][2]string{
	// sheets
	"sheet.summary":     {"Summary", "Resumen"},
	"sheet.trend":       {"Trend", "Tendencia"},
	"sheet.tiers":       {"Tiers", "Niveles"},
	"sheet.vendors":     {"Vendors (L4)", "Proveedores (L4)"},
	"sheet.definitions": {"Definitions", "Definiciones"},
	"sheet.tickets":     {"Tickets", "Tickets"},
	// header
	"title":               {"Help desk KPI pack", "Informe de KPI del service desk"},
	"h.period":            {"Period", "Periodo"},
	"h.first":             {"First day", "Primer día"},
	"h.last":              {"Last day", "Último día"},
	"h.zone":              {"Time zone", "Zona horaria"},
	"h.data":              {"Data from", "Datos desde"},
	"h.datalast":          {"Data to", "Datos hasta"},
	"h.tickets":           {"Tickets in the warehouse", "Tickets en el almacén"},
	"h.sources":           {"Sources", "Fuentes"},
	"h.filters":           {"Filters", "Filtros"},
	"h.nofilters":         {"none (all tickets)", "ninguno (todos los tickets)"},
	"h.config":            {"Configuration hash", "Hash de la configuración"},
	"h.defs":              {"Metric definitions hash", "Hash de las definiciones de métricas"},
	"h.version":           {"tierlens version", "Versión de tierlens"},
	"h.stamp":             {"Generated at", "Generado el"},
	"h.quality":           {"Data quality", "Calidad de los datos"},
	"h.subtitle":          {"%s: %s to %s (%s)", "%s: del %s al %s (%s)"},
	"h.seebelow":          {"Data-quality notes under the table limit these figures.", "Bajo la tabla hay notas de calidad de los datos que limitan estas cifras."},
	"h.about":             {"What these figures come from", "De dónde salen estas cifras"},
	"h.legend":            {"Value colour: green on target, amber within the amber band of it, red further off (conditional formatting: it follows edits).", "Color del valor: verde en objetivo, ámbar dentro de la banda ámbar, rojo más lejos (formato condicional: sigue a las ediciones)."},
	"footer.page":         {"Page &P of &N", "Página &P de &N"},
	"subject":             {"Help desk KPIs for %s", "KPI del service desk de %s"},
	"c.kpi":               {"KPI", "KPI"},
	"c.tier":              {"Tier", "Nivel"},
	"c.value":             {"Value", "Valor"},
	"c.target":            {"Target", "Objetivo"},
	"c.state":             {"State", "Estado"},
	"c.previous":          {"Previous", "Anterior"},
	"c.delta":             {"Change", "Cambio"},
	"c.direction":         {"Better when", "Mejor cuando"},
	"c.amber":             {"Amber band", "Banda ámbar"},
	"c.numerator":         {"Numerator", "Numerador"},
	"c.denominator":       {"Denominator", "Denominador"},
	"c.sample":            {"Sample size", "Tamaño de muestra"},
	"c.unit":              {"Unit", "Unidad"},
	"c.metric":            {"Metric", "Métrica"},
	"c.note":              {"Note", "Nota"},
	"tier.all":            {"All", "Todos"},
	"dir.up":              {"higher", "más alto"},
	"dir.down":            {"lower", "más bajo"},
	"state.met":           {"met", "cumplido"},
	"state.missed":        {"missed", "incumplido"},
	"state.no_data":       {"no data", "sin datos"},
	"state.not_available": {"not available", "no disponible"},
	"unit.count":          {"count", "recuento"},
	"unit.percent":        {"%", "%"},
	"unit.hours":          {"hours", "horas"},
	"unit.score":          {"score", "puntuación"},
	"unit.number":         {"number", "número"},
	// trend
	"t.title":  {"Trend of the headline KPIs", "Tendencia de los KPI principales"},
	"t.period": {"Period", "Periodo"},
	"t.target": {"Target", "Objetivo"},
	"t.none":   {"No trend in this pack.", "Este informe no tiene tendencia."},
	// tiers
	"tiers.title": {"Tier performance", "Rendimiento por nivel"},
	"flow.title":  {"Escalation flow (tickets escalated from the row's tier to the column's)", "Flujo de escalado (tickets escalados del nivel de la fila al de la columna)"},
	"flow.corner": {"From \\ to", "De \\ a"},
	"tiers.none":  {"No tier table in this pack.", "Este informe no tiene tablas por nivel."},
	// vendors
	"v.title":      {"Vendor scorecard (L4), worst contract attainment first", "Cuadro de proveedores (L4), peor cumplimiento de contrato primero"},
	"v.vendor":     {"Vendor", "Proveedor"},
	"v.tickets":    {"Tickets", "Tickets"},
	"v.attainment": {"Contract attainment", "Cumplimiento del contrato"},
	"v.response":   {"Response after escalation (h)", "Respuesta tras escalado (h)"},
	"v.median":     {"Resolution median (h)", "Resolución mediana (h)"},
	"v.p90":        {"Resolution p90 (h)", "Resolución p90 (h)"},
	"v.reopen":     {"Reopen rate", "Tasa de reapertura"},
	"v.csat":       {"CSAT (positive)", "CSAT (positivo)"},
	"v.none":       {"No vendor (L4) tickets in this period.", "No hay tickets de proveedores (L4) en este periodo."},
	// definitions
	"d.title":       {"Metric definitions", "Definiciones de las métricas"},
	"d.description": {"Description", "Descripción"},
	"d.formula":     {"Formula", "Fórmula"},
	"d.file":        {"SQL file", "Fichero SQL"},
	"d.hash":        {"Hash", "Hash"},
}

// text returns the label key in lang (English when lang is not es). A key made from data
// ("unit.minutes") that has no label shows its last part ("minutes").
func text(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key[strings.LastIndexByte(key, '.')+1:]
	}
	if lang == "es" {
		return l[1]
	}
	return l[0]
}

// textf formats the label key in lang with args.
func textf(lang, key string, args ...any) string {
	return fmt.Sprintf(text(lang, key), args...)
}
