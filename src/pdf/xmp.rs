//! The XMP metadata packet: the document information again, in the form PDF/UA and PDF/A read
//! (title, author, subject, keywords, tools, dates equal to the information dictionary's),
//! and the conformance claims: `pdfuaid:part 1` on both PDFs, `pdfaid:part 2` with
//! conformance `U` on the auditor's. PDF/A-2 knows the pdfuaid schema only if the file
//! describes it, so the packet carries that description too.

use super::write::Meta;

/// Which standards a PDF claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims {
    /// PDF/A-2u (ISO 19005-2, level U: Unicode text).
    pub pdfa2u: bool,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all (control characters) are left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The date in XMP form (ISO 8601, UTC), the same instant as the information dictionary's.
fn date(secs: i64) -> String {
    let t = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const PDFUA_SCHEMA: &str = r#"
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>"#;

/// The packet, with its `xpacket` wrapper and padding so it can be edited in place.
pub fn packet(meta: &Meta, lang: &str, claims: Claims) -> String {
    let when = date(meta.date);
    let lang = escape(lang);
    let pdfa = if claims.pdfa2u {
        format!(
            "\n   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>{PDFUA_SCHEMA}"
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>{pdfa}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"#,
        title = escape(&meta.title),
        author = escape(&meta.author),
        subject = escape(&meta.subject),
        keywords = escape(&meta.keywords.join(", ")),
        producer = escape(&meta.producer()),
        creator = escape(&meta.creator),
    );
    let mut out = body;
    // Room to grow in place, as the XMP specification suggests.
    for _ in 0..20 {
        out.push_str(&" ".repeat(99));
        out.push('\n');
    }
    out.push_str("<?xpacket end=\"w\"?>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            title: "Acme <&> \"Co\" — audit".to_owned(),
            author: "Acme & Co".to_owned(),
            subject: "SOC 2".to_owned(),
            keywords: vec!["a".to_owned(), "b\u{1}".to_owned()],
            creator: "trustbook 0.1.0".to_owned(),
            date: 1_767_225_600,
            lang: "en".to_owned(),
        }
    }

    #[test]
    fn the_packet_is_well_formed_and_claims_what_it_should() {
        let x = packet(&meta(), "en", Claims { pdfa2u: true });
        let start = x.find("<x:xmpmeta").unwrap();
        let end = x.find("</x:xmpmeta>").unwrap() + "</x:xmpmeta>".len();
        let doc = roxmltree::Document::parse(&x[start..end]).expect("well-formed XML");
        let text = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(str::to_owned)
        };
        assert_eq!(text("part").as_deref(), Some("1"));
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        assert_eq!(text("CreateDate").as_deref(), Some("2026-01-01T00:00:00Z"));
        let title = doc
            .descendants()
            .find(|n| n.tag_name().name() == "title")
            .and_then(|n| n.descendants().find(|d| d.tag_name().name() == "li"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("Acme <&> \"Co\" — audit"));
        assert_eq!(text("Keywords").as_deref(), Some("a, b"));
    }

    #[test]
    fn a_public_pdf_claims_only_pdf_ua() {
        let x = packet(&meta(), "en", Claims { pdfa2u: false });
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!x.contains("pdfaid:part"));
    }
}
