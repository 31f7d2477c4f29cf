-- The templates library: prompts a person can start from, three per model type, each valid as it stands (the
-- service's tests parse every one). The guide's two example prompts are among them (guide-*).

INSERT INTO templates (id, name, model_type, description, text, position) VALUES
('guide-customer-sentiment', 'Customer sentiment (from the guide)', 'sentiment_analysis',
 'The guide''s example prompt. The guide lists one example per class, but a classifier needs at least two per class, '
 || 'so lines 4 to 6 were added to make it valid: one more positive, negative and neutral example.',
$$Classify customer sentiment:

1. "I love this product!" -> positive
2. "Not what I expected" -> negative
3. "It works fine" -> neutral
4. "Best purchase I made this year" -> positive
5. "It stopped working after two days" -> negative
6. "It does what the box says" -> neutral$$, 10),

('product-reviews', 'Product reviews: positive or negative', 'sentiment_analysis',
 'Two classes, plain `text -> label` lines without numbers or quotes.',
$$Classify product reviews as positive or negative:

Arrived early and works perfectly -> positive
Great value for the money -> positive
My kids love it, we use it every day -> positive
The screen cracked the first week -> negative
Customer service never answered my emails -> negative
Cheap plastic, feels like it will break -> negative$$, 20),

('restaurant-reviews', 'Restaurant reviews with mixed feelings', 'sentiment_analysis',
 'Three classes including "mixed", written as `label: text` lines.',
$$Rate the feeling of each restaurant review:

positive: The pasta was fresh and the staff were lovely
positive: Best pizza in town, we will come back
negative: Cold food and a forty minute wait
negative: The waiter was rude and the bill was wrong
mixed: Tasty dishes, but far too loud to talk
mixed: Friendly service, though the portions were tiny$$, 30),

('support-ticket-routing', 'Support ticket routing', 'text_classification',
 'Sends tickets to the right team: billing, technical or account. Numbered, quoted `"text" -> label` lines.',
$$Route customer support tickets:

1. "I was charged twice this month" -> billing
2. "Can I get a refund for my last invoice?" -> billing
3. "The invoice shows the wrong company name" -> billing
4. "The app crashes when I open settings" -> technical
5. "I cannot connect since the last update" -> technical
6. "Error 500 when I upload a photo" -> technical
7. "How do I change my email address?" -> account
8. "Please close my account" -> account
9. "The password reset mail never arrives" -> account$$, 40),

('news-topics', 'News headline topics', 'text_classification',
 'Four topics, `text -> label` lines; add your own headlines and topics.',
$$Classify news headlines by topic:

Local team wins the championship after extra time -> sports
Star striker signs a three-year contract -> sports
Parliament passes the new budget after a long debate -> politics
The minister resigns over the housing report -> politics
New phone battery lasts a full week -> technology
Researchers release an open-source speech model -> technology
Shares rise after record quarterly profits -> business
The retailer announces 200 new stores -> business$$, 50),

('spam-filter', 'Spam filter', 'text_classification',
 'Spam or ham (wanted mail), the classic two-class filter.',
$$Sort messages into spam and ham:

"Congratulations! You won a free cruise, click here to claim" -> spam
"Cheap watches, 90% off, today only" -> spam
"You have been selected for a $1000 gift card" -> spam
"Are we still meeting for lunch tomorrow?" -> ham
"Here are the slides from this morning" -> ham
"Can you pick up milk on the way home?" -> ham$$, 60),

('guide-summarize', 'Summarize a text (from the guide)', 'instruction_following',
 'The guide''s example prompt as it stands: replace the bracketed placeholders with a real text and its summary, '
 || 'and add more Task/Input/Expected blocks separated by blank lines.',
$$Instruction following:

Task: Summarize the following text
Input: [long text here]
Expected: [short summary]$$, 70),

('translate-to-french', 'Translate to French', 'instruction_following',
 'Task, input and expected answer per block; blocks are separated by blank lines.',
$$Translate English to French:

Task: Translate to French
Input: Good morning, how are you?
Expected: Bonjour, comment allez-vous ?

Task: Translate to French
Input: The train leaves at eight.
Expected: Le train part à huit heures.

Task: Translate to French
Input: Thank you for your help.
Expected: Merci pour votre aide.$$, 80),

('rewrite-and-answer', 'Rewrite, extract and answer', 'instruction_following',
 'Mixed tasks: Input is optional, and a value may continue on the next lines.',
$$Follow the instruction:

Task: Rewrite this message politely
Input: send me the report now
Expected: Could you please send me the report when you have a moment?

Task: List the three primary colours
Expected: Red, yellow and blue.

Task: Extract the date and the place
Input: The workshop takes place on 12 May in the Berlin office,
room 4, starting at nine.
Expected: Date: 12 May
Place: Berlin office, room 4$$, 90),

('customer-support-chat', 'Customer support chat', 'general_chat',
 'Conversations of User:/Assistant: turns, one conversation per block; several turns per conversation are fine.',
$$User: Hi, my order has not arrived yet.
Assistant: I am sorry to hear that. Could you give me your order number?
User: It is 48213.
Assistant: Thank you. Order 48213 left our warehouse yesterday and should arrive tomorrow.

User: How do I return a product?
Assistant: Open "My orders", pick the product and choose "Return". You will get a free shipping label by email.

User: Do you ship to Canada?
Assistant: Yes, we ship to Canada. Delivery takes five to eight working days.$$, 100),

('faq-bot', 'FAQ bot (Q: / A:)', 'general_chat',
 'Question and answer pairs written as Q:/A:, one pair per block.',
$$Q: What are your opening hours?
A: We are open Monday to Friday from 9:00 to 18:00, and Saturday from 10:00 to 14:00.

Q: Where can I park?
A: There is free parking behind the building, entrance from Mill Street.

Q: Can I pay by card?
A: Yes, we accept all major debit and credit cards.$$, 110),

('cooking-helper', 'Cooking helper', 'general_chat',
 'A friendly assistant for the kitchen: short, practical answers.',
$$User: How long should I boil an egg for a soft yolk?
Assistant: About six minutes in boiling water, then put it in cold water for a minute.

User: What can I use instead of buttermilk?
Assistant: Mix one cup of milk with a tablespoon of lemon juice and let it stand for five minutes.

User: My sauce is too salty.
Assistant: Add a little cream or unsalted stock, or a squeeze of lemon to balance it.
User: And if it is too thin?
Assistant: Let it simmer a few minutes longer, or stir in a teaspoon of cornflour mixed with cold water.$$, 120);
