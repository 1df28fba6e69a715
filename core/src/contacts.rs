//! The contact form: what it shows of a contact, its checks, and what it sends to Graph.
//! It shows what Outlook's form does (three addresses, the phones, the organisation and the
//! three postal addresses) and keeps what it does not show (a fourth address, a second
//! business phone) as it was.

use crate::graph::models::{Contact, EmailAddress, PhysicalAddress};
use crate::json::FromJson;
use crate::mail::compose::is_address;
use serde::Serialize;
use serde_json::{json, Value};

/// How many addresses the form shows, as Outlook's does.
pub const EMAIL_SLOTS: usize = 3;

/// The contact form's fields, as typed; kept in the tab so a reload loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
#[serde(default)]
pub struct ContactForm {
    pub id: Option<String>,
    /// The folder a new contact goes to (`None`: the default contacts folder).
    pub folder_id: Option<String>,
    pub given_name: String,
    pub surname: String,
    /// [`EMAIL_SLOTS`] addresses, empty where there is none.
    pub emails: Vec<String>,
    /// Addresses beyond the slots, which the form does not show but must not drop.
    pub other_emails: Vec<EmailAddress>,
    pub company: String,
    pub job_title: String,
    pub department: String,
    pub mobile_phone: String,
    pub business_phone: String,
    pub home_phone: String,
    /// Phones beyond the first of each kind, kept as they are.
    pub other_business_phones: Vec<String>,
    pub other_home_phones: Vec<String>,
    pub business_address: PhysicalAddress,
    pub home_address: PhysicalAddress,
    pub other_address: PhysicalAddress,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactProblem {
    /// No name and no address: nothing to save.
    Empty,
    BadAddress,
}

fn first_and_rest(all: &[String]) -> (String, Vec<String>) {
    (all.first().cloned().unwrap_or_default(), all.iter().skip(1).cloned().collect())
}

impl ContactForm {
    /// An empty form with its address slots.
    pub fn new() -> ContactForm {
        ContactForm { emails: vec![String::new(); EMAIL_SLOTS], ..ContactForm::default() }
    }

    /// A new contact with a name and an address (from a message's sender).
    pub fn for_sender(given_name: String, surname: String, email: String) -> ContactForm {
        let mut form = ContactForm { given_name, surname, ..ContactForm::new() };
        form.emails[0] = email;
        form
    }

    pub fn from_contact(contact: &Contact) -> ContactForm {
        let addresses: Vec<&EmailAddress> = contact.email_addresses.iter().filter(|a| a.address.is_some()).collect();
        let mut emails: Vec<String> = addresses.iter().take(EMAIL_SLOTS).filter_map(|a| a.address.clone()).collect();
        emails.resize(EMAIL_SLOTS, String::new());
        let (business_phone, other_business_phones) = first_and_rest(&contact.business_phones);
        let (home_phone, other_home_phones) = first_and_rest(&contact.home_phones);
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        ContactForm {
            id: Some(contact.id.clone()),
            folder_id: contact.parent_folder_id.clone(),
            given_name: text(&contact.given_name),
            surname: text(&contact.surname),
            emails,
            other_emails: addresses.into_iter().skip(EMAIL_SLOTS).cloned().collect(),
            company: text(&contact.company_name),
            job_title: text(&contact.job_title),
            department: text(&contact.department),
            mobile_phone: text(&contact.mobile_phone),
            business_phone,
            home_phone,
            other_business_phones,
            other_home_phones,
            business_address: contact.business_address.clone().unwrap_or_default(),
            home_address: contact.home_address.clone().unwrap_or_default(),
            other_address: contact.other_address.clone().unwrap_or_default(),
        }
    }

    /// The fields Graph stores, or what must change first. The display name is the full
    /// name, else the first address; the addresses keep their order, the hidden ones last.
    pub fn to_graph(&self) -> Result<Value, ContactProblem> {
        let (given, surname) = (self.given_name.trim(), self.surname.trim());
        let typed: Vec<&str> = self.emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).collect();
        if given.is_empty() && surname.is_empty() && typed.is_empty() {
            return Err(ContactProblem::Empty);
        }
        if typed.iter().any(|email| !is_address(email)) {
            return Err(ContactProblem::BadAddress);
        }
        let name = format!("{given} {surname}").trim().to_owned();
        let mut emails: Vec<EmailAddress> =
            typed.iter().map(|email| EmailAddress { address: Some((*email).to_owned()), name: Some(name.clone()) }).collect();
        emails.extend(self.other_emails.iter().cloned());
        let phones = |first: &str, rest: &[String]| -> Vec<String> {
            std::iter::once(first.trim().to_owned()).filter(|p| !p.is_empty()).chain(rest.iter().cloned()).collect()
        };
        let display = if name.is_empty() { typed.first().map(|e| (*e).to_owned()).unwrap_or_default() } else { name };
        Ok(json!({
            "givenName": given,
            "surname": surname,
            "displayName": display,
            "emailAddresses": emails,
            "companyName": self.company.trim(),
            "jobTitle": self.job_title.trim(),
            "department": self.department.trim(),
            "mobilePhone": self.mobile_phone.trim(),
            "businessPhones": phones(&self.business_phone, &self.other_business_phones),
            "homePhones": phones(&self.home_phone, &self.other_home_phones),
            "businessAddress": self.business_address.trimmed(),
            "homeAddress": self.home_address.trimmed(),
            "otherAddress": self.other_address.trimmed(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_name_or_a_valid_address() {
        assert_eq!(ContactForm::new().to_graph(), Err(ContactProblem::Empty));
        let bad = ContactForm::for_sender(String::new(), String::new(), "not an address".into());
        assert_eq!(bad.to_graph(), Err(ContactProblem::BadAddress));
        let only_address = ContactForm::for_sender(String::new(), String::new(), " zoe@fabrikam.example ".into());
        assert_eq!(only_address.to_graph().unwrap()["displayName"], "zoe@fabrikam.example");
        let mut third_bad = ContactForm::for_sender("Zoe".into(), String::new(), "zoe@a.example".into());
        third_bad.emails[2] = "zoe at home".into();
        assert_eq!(third_bad.to_graph(), Err(ContactProblem::BadAddress));
    }

    #[test]
    fn every_field_is_sent_and_what_the_form_hides_is_kept() {
        let address = |n: usize| EmailAddress { address: Some(format!("zoe@{n}.example")), name: None };
        let contact = Contact {
            id: "c".into(),
            given_name: Some("Zoe".into()),
            surname: Some("Quinlan".into()),
            email_addresses: (1..=4).map(address).collect(),
            business_phones: vec!["+1 555 0100".into(), "+1 555 0101".into()],
            business_address: Some(PhysicalAddress { city: Some("Seattle".into()), ..PhysicalAddress::default() }),
            ..Contact::default()
        };
        let mut form = ContactForm::from_contact(&contact);
        assert_eq!(form.emails, ["zoe@1.example", "zoe@2.example", "zoe@3.example"]);
        assert_eq!(form.business_phone, "+1 555 0100");
        form.emails[1] = String::new();
        form.home_phone = " +1 555 0199 ".into();
        form.home_address.street = Some("1 Main St".into());
        form.department = "Sales".into();
        let fields = form.to_graph().unwrap();
        let sent: Vec<&str> = fields["emailAddresses"].as_array().unwrap().iter().map(|a| a["address"].as_str().unwrap()).collect();
        assert_eq!(sent, ["zoe@1.example", "zoe@3.example", "zoe@4.example"]);
        assert_eq!(fields["businessPhones"], json!(["+1 555 0100", "+1 555 0101"]));
        assert_eq!(fields["homePhones"], json!(["+1 555 0199"]));
        assert_eq!(fields["businessAddress"]["city"], "Seattle");
        assert_eq!(fields["homeAddress"]["street"], "1 Main St");
        assert_eq!(fields["department"], "Sales");
    }
}
