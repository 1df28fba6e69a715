//! The contact form: what it shows of a contact, its checks, and what it sends to Graph.

use crate::graph::models::{Contact, EmailAddress};
use crate::mail::compose::is_address;
use serde_json::{json, Value};

/// The contact form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub id: Option<String>,
    pub given_name: String,
    pub surname: String,
    pub email: String,
    /// Addresses beyond the first, which the form does not show but must not drop.
    pub other_emails: Vec<EmailAddress>,
    pub company: String,
    pub phone: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactProblem {
    /// No name and no address: nothing to save.
    Empty,
    BadAddress,
}

impl ContactForm {
    pub fn from_contact(contact: &Contact) -> ContactForm {
        ContactForm {
            id: Some(contact.id.clone()),
            given_name: contact.given_name.clone().unwrap_or_default(),
            surname: contact.surname.clone().unwrap_or_default(),
            email: contact.email_addresses.iter().find_map(|a| a.address.clone()).unwrap_or_default(),
            other_emails: contact.email_addresses.iter().filter(|a| a.address.is_some()).skip(1).cloned().collect(),
            company: contact.company_name.clone().unwrap_or_default(),
            phone: contact.mobile_phone.clone().unwrap_or_default(),
        }
    }

    /// The fields Graph stores, or what must change first. The display name is the full
    /// name, else the address; the typed address comes first, the others are kept.
    pub fn to_graph(&self) -> Result<Value, ContactProblem> {
        let (given, surname, email) = (self.given_name.trim(), self.surname.trim(), self.email.trim());
        if given.is_empty() && surname.is_empty() && email.is_empty() {
            return Err(ContactProblem::Empty);
        }
        if !email.is_empty() && !is_address(email) {
            return Err(ContactProblem::BadAddress);
        }
        let name = format!("{given} {surname}").trim().to_owned();
        let mut emails = self.other_emails.clone();
        if !email.is_empty() {
            emails.insert(0, EmailAddress { address: Some(email.to_owned()), name: Some(name.clone()) });
        }
        Ok(json!({
            "givenName": given,
            "surname": surname,
            "displayName": if name.is_empty() { email.to_owned() } else { name },
            "emailAddresses": emails,
            "companyName": self.company.trim(),
            "mobilePhone": self.phone.trim(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_name_or_a_valid_address() {
        assert_eq!(ContactForm::default().to_graph(), Err(ContactProblem::Empty));
        let bad = ContactForm { email: "not an address".into(), ..ContactForm::default() };
        assert_eq!(bad.to_graph(), Err(ContactProblem::BadAddress));
        let only_address = ContactForm { email: " zoe@fabrikam.example ".into(), ..ContactForm::default() };
        assert_eq!(only_address.to_graph().unwrap()["displayName"], "zoe@fabrikam.example");
    }

    #[test]
    fn the_typed_address_comes_first_and_the_others_are_kept() {
        let contact = Contact {
            id: "c".into(),
            given_name: Some("Zoe".into()),
            surname: Some("Quinlan".into()),
            email_addresses: vec![
                EmailAddress { address: Some("zoe@a.example".into()), name: None },
                EmailAddress { address: Some("zoe@b.example".into()), name: Some("Work".into()) },
            ],
            ..Contact::default()
        };
        let mut form = ContactForm::from_contact(&contact);
        assert_eq!(form.email, "zoe@a.example");
        form.email = "zoe@c.example".into();
        let fields = form.to_graph().unwrap();
        assert_eq!(fields["displayName"], "Zoe Quinlan");
        assert_eq!(fields["emailAddresses"][0]["address"], "zoe@c.example");
        assert_eq!(fields["emailAddresses"][1]["address"], "zoe@b.example");
        assert_eq!(fields["emailAddresses"].as_array().unwrap().len(), 2);
    }
}
