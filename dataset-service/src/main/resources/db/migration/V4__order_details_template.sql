-- A fourth instruction-following template: one task taught by ten examples, the way a person teaches a job a
-- format of their own (the other templates show one to three examples per task). bench/llm's set
-- templates-instruction reads every instruction template, this one included.

INSERT INTO templates (id, name, model_type, description, text, position) VALUES
('order-details', 'Extract order details', 'instruction_following',
 'One task, ten examples: the job copies the three-line answer format from the nearest ones. Add your own messages as more Task/Input/Expected blocks.',
$$Extract order details from customer messages:

Task: Extract the order, the problem and what the customer wants
Input: Hi, my order 48213 arrived yesterday but the mug inside was broken. Could you send a new one?
Expected: Order: 48213
Problem: the mug arrived broken
Wants: a replacement

Task: Extract the order, the problem and what the customer wants
Input: I ordered a blue jacket (order 50771) and received a red one. I would like my money back please.
Expected: Order: 50771
Problem: wrong colour delivered
Wants: a refund

Task: Extract the order, the problem and what the customer wants
Input: Order 39902 still has not arrived after two weeks. Where is it?
Expected: Order: 39902
Problem: not delivered after two weeks
Wants: to know where the parcel is

Task: Extract the order, the problem and what the customer wants
Input: Hello, I was charged twice for order 61145. Please refund the second payment.
Expected: Order: 61145
Problem: charged twice
Wants: a refund of the second payment

Task: Extract the order, the problem and what the customer wants
Input: The headphones from order 27318 stopped working after three days. Can I get them repaired?
Expected: Order: 27318
Problem: the headphones stopped working after three days
Wants: a repair

Task: Extract the order, the problem and what the customer wants
Input: I need to change the delivery address for order 70254 to 5 Park Road, Leeds.
Expected: Order: 70254
Problem: the delivery address is wrong
Wants: delivery to 5 Park Road, Leeds

Task: Extract the order, the problem and what the customer wants
Input: My order 18840 is missing the charger that was listed in the box contents. Please send it.
Expected: Order: 18840
Problem: the charger is missing
Wants: the missing charger

Task: Extract the order, the problem and what the customer wants
Input: Please cancel order 92017, I ordered the wrong size by mistake.
Expected: Order: 92017
Problem: ordered the wrong size
Wants: to cancel the order

Task: Extract the order, the problem and what the customer wants
Input: The invoice for order 45590 shows the wrong company name. Could you send a corrected invoice?
Expected: Order: 45590
Problem: wrong company name on the invoice
Wants: a corrected invoice

Task: Extract the order, the problem and what the customer wants
Input: Order 33671 came with a scratched screen on the tablet. I would prefer an exchange for a new tablet.
Expected: Order: 33671
Problem: the tablet screen is scratched
Wants: an exchange for a new tablet$$, 95);
